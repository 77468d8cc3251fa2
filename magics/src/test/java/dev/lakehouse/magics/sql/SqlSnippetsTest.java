package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.MagicException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlSnippetsTest {
    private final SqlSnippets snippets = new SqlSnippets();

    @Test
    void composesSnippetsAndTheirDependenciesAsCtesInOrder() {
        snippets.save("base", "SELECT * FROM t;", List.of());
        snippets.save("big", "SELECT * FROM base WHERE n > 10", List.of("base"));

        assertThat(snippets.compose(List.of("big"), "SELECT count(*) FROM big"))
                .isEqualTo("WITH base AS (\nSELECT * FROM t\n),\nbig AS (\nSELECT * FROM base WHERE n > 10\n)\nSELECT count(*) FROM big");
    }

    @Test
    void mergesIntoAQueryThatAlreadyHasAWith() {
        snippets.save("base", "SELECT 1 AS n", List.of());

        assertThat(snippets.compose(List.of("base"), "WITH x AS (SELECT n FROM base) SELECT * FROM x"))
                .isEqualTo("WITH base AS (\nSELECT 1 AS n\n),\nx AS (SELECT n FROM base) SELECT * FROM x");
    }

    @Test
    void unknownSnippetsAndBadNamesAreExplained() {
        snippets.save("revenue", "SELECT 1", List.of());

        assertThatThrownBy(() -> snippets.compose(List.of("revenu"), "SELECT 1"))
                .isInstanceOf(MagicException.class).hasMessageContaining("Did you mean: revenue");
        assertThatThrownBy(() -> snippets.save("bad name", "SELECT 1", List.of()))
                .isInstanceOf(MagicException.class).hasMessageContaining("SQL identifier");
    }
}
