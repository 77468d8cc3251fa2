package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import dev.lakehouse.magics.testing.TestSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    private final SqlMagic magic = new SqlMagic();
    private final RecordingContext context = new RecordingContext();

    @BeforeAll
    static void tables() {
        TestSpark.session().sql("CREATE TABLE IF NOT EXISTS customers (id INT, name STRING) USING delta");
        TestSpark.session().sql("CREATE TABLE IF NOT EXISTS orders (id INT, customer INT) USING delta");
    }

    private String error(String cell) {
        Throwable thrown = catchThrowable(() -> Magics.run(magic, context, cell));
        assertThat(thrown).isInstanceOf(MagicException.class);
        assertThat(thrown.getMessage()).doesNotContain("\tat ").doesNotContain("SQLSTATE");
        return thrown.getMessage();
    }

    @Test
    void syntaxErrorMarksThePositionUnderTheOffendingLine() {
        String message = error("%%sql\nSELECT *\nFROM customers\nWHERE id = = 1");

        assertThat(message).startsWith("[PARSE_SYNTAX_ERROR] Syntax error at or near '='");
        assertThat(message).contains("  3 | WHERE id = = 1\n    |            ^");
    }

    @Test
    void unknownTableSuggestsTheClosestNames() {
        String message = error("%%sql\nSELECT * FROM custmers");

        assertThat(message).contains("TABLE_OR_VIEW_NOT_FOUND").contains("`custmers`")
                .contains("  1 | SELECT * FROM custmers\n    |               ^^^^^^^^")
                .contains("Did you mean: customers?");
    }

    @Test
    void unknownColumnKeepsSparksOwnSuggestion() {
        String message = error("%%sql\nSELECT nme FROM customers");

        assertThat(message).contains("UNRESOLVED_COLUMN").contains("`name`").contains("^^^");
    }

    @Test
    void runtimeErrorShowsTheRealCauseNotTheJobWrapper() {
        String message = error("%%sql\nSELECT id / (id - id) FROM range(0, 3, 1, 2)");

        assertThat(message).contains("DIVIDE_BY_ZERO").doesNotContain("Job aborted");
    }

    @Test
    void caretHandlesWideSpansAndFirstLines() {
        assertThat(SqlErrors.caret("SELECT x FROM t", 7, 7)).isEqualTo("  1 | SELECT x FROM t\n    |        ^");
        assertThat(SqlErrors.caret("a\nbc", 2, 3)).isEqualTo("  2 | bc\n    | ^^");
    }
}
