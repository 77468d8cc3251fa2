package dev.lakehouse.magics.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {
    @Test
    void splitsOnTopLevelSemicolonsOnly() {
        String sql = "SELECT ';' AS a; -- comment; still comment\nSELECT `x;y` FROM t /* ; */;\n  ;\n-- only a comment;";

        assertThat(SqlText.statements(sql)).extracting(SqlText.Statement::sql)
                .containsExactly("SELECT ';' AS a", "-- comment; still comment\nSELECT `x;y` FROM t /* ; */");
    }

    @Test
    void findsParameterMarkersButNotCastsLiteralsOrComments() {
        String sql = "SELECT :a, x::int, ':b', `:c` FROM t WHERE y = :d -- :e\n AND z = :a /* :f */";

        assertThat(SqlText.parameterNames(sql)).containsExactly("a", "d");
    }

    @Test
    void detectsALeadingWithAndTheFirstKeyword() {
        assertThat(SqlText.afterLeadingWith("-- hi\n  with x AS (SELECT 1) SELECT * FROM x")).isEqualTo(12);
        assertThat(SqlText.afterLeadingWith("SELECT 1 WITH")).isEqualTo(-1);
        assertThat(SqlText.afterLeadingWith("WITHIN")).isEqualTo(-1);
        assertThat(SqlText.firstKeyword("/* x */ insert into t values (1)")).isEqualTo("INSERT");
    }

    @Test
    void knowsWhenAPositionIsInsideALiteralOrComment() {
        String sql = "SELECT 'abc' FROM t -- note";

        assertThat(SqlText.insideLiteralOrComment(sql, 9)).isTrue();
        assertThat(SqlText.insideLiteralOrComment(sql, 19)).isFalse();
        assertThat(SqlText.insideLiteralOrComment(sql, sql.length())).isTrue();
        assertThat(SqlText.insideLiteralOrComment("SELECT 'ab", 10)).isTrue();
        assertThat(SqlText.insideLiteralOrComment("SELECT 'ab' ", 12)).isFalse();
    }
}
