package dev.lakehouse.export.params;

import dev.lakehouse.export.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ParametersCellTest {

    private static Map<String, ParameterDeclaration> parse(String source, List<Problem> problems) {
        return ParametersCell.parse(source, "nb.ipynb cells[0]", problems);
    }

    @Test
    void readsEverySupportedTypeAndLiteralSpelling() {
        List<Problem> problems = new ArrayList<>();
        Map<String, ParameterDeclaration> declarations = parse("""
                import java.time.LocalDate;
                // defaults for a local run
                String date = "2024-01-01"; int n = 5;
                final long big = 10_000_000_000L;
                double ratio = 2.5e-1;   /* a block
                comment */ boolean dryRun = false;
                LocalDate day = LocalDate.of(2024, 2, 29);
                java.time.LocalDate other = java.time.LocalDate.parse("2023-12-31");
                List<String> names = List.of("a", "b;c", "d,e");
                java.util.List<String> empty = java.util.Arrays.asList();
                int hex = 0x1F;
                String quoted = "say \\"hi\\"\\n";
                String computed = System.getenv("HOME");
                String nothing = null;
                """, problems);
        assertThat(problems).isEmpty();
        assertThat(declarations.keySet()).containsExactly("date", "n", "big", "ratio", "dryRun", "day", "other", "names",
                "empty", "hex", "quoted", "computed", "nothing");
        assertThat(declarations.get("date").defaultValue()).contains("2024-01-01");
        assertThat(declarations.get("n").defaultValue()).contains(5);
        assertThat(declarations.get("big").defaultValue()).contains(10_000_000_000L);
        assertThat(declarations.get("ratio").defaultValue()).contains(0.25);
        assertThat(declarations.get("dryRun").defaultValue()).contains(false);
        assertThat(declarations.get("day").defaultValue()).contains(LocalDate.of(2024, 2, 29));
        assertThat(declarations.get("other").defaultValue()).contains(LocalDate.of(2023, 12, 31));
        assertThat(declarations.get("other").declaredType()).isEqualTo("java.time.LocalDate");
        assertThat(declarations.get("names").defaultValue()).contains(List.of("a", "b;c", "d,e"));
        assertThat(declarations.get("empty").defaultValue()).contains(List.of());
        assertThat(declarations.get("hex").defaultValue()).contains(31);
        assertThat(declarations.get("quoted").defaultValue()).contains("say \"hi\"\n");
        assertThat(declarations.get("computed").defaultValue()).isEmpty();
        assertThat(declarations.get("nothing").defaultValue()).isEmpty();
        assertThat(declarations.get("names").defaultText()).contains("[\"a\",\"b;c\",\"d,e\"]");
        assertThat(declarations.get("day").defaultText()).contains("2024-02-29");
        assertThat(declarations.get("n").line()).isEqualTo(3);
        assertThat(declarations.get("dryRun").line()).isEqualTo(6);
    }

    @Test
    void everyUnusableStatementIsAProblemWithItsLine() {
        List<Problem> problems = new ArrayList<>();
        parse("""
                int n = 5;
                var guess = 3;
                Map<String, Integer> weights = Map.of();
                n = 6;
                long missing;
                int n = 7;
                boolean flag = null;
                """, problems);
        assertThat(problems).extracting(Problem::toString).containsExactly(
                "nb.ipynb cells[0] line 2: parameter guess is declared with var; give its type (String, int, long, double, boolean, LocalDate, List<String>)",
                "nb.ipynb cells[0] line 3: parameter weights has type Map<String, Integer>, which cannot be passed as a parameter; use one of String, int, long, double, boolean, LocalDate, List<String>",
                "nb.ipynb cells[0] line 4: `n = 6` is not a parameter declaration; the parameters cell may only declare typed variables, e.g. `int n = 5;`",
                "nb.ipynb cells[0] line 5: parameter missing needs a default value, e.g. `long missing = ...;`",
                "nb.ipynb cells[0] line 6: parameter n is declared twice",
                "nb.ipynb cells[0] line 7: parameter flag of type boolean cannot be null");
    }

    @Test
    void literalsThatDoNotFitTheirTypeAreNotDefaults() {
        List<Problem> problems = new ArrayList<>();
        Map<String, ParameterDeclaration> declarations = parse("int tooBig = 3000000000; LocalDate bad = LocalDate.of(2024, 2, 30);", problems);
        assertThat(problems).isEmpty();
        assertThat(declarations.get("tooBig").defaultValue()).isEqualTo(Optional.empty());
        assertThat(declarations.get("bad").defaultValue()).isEqualTo(Optional.empty());
    }
}
