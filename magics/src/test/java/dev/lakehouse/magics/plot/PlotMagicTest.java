package dev.lakehouse.magics.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.render.ColumnHeader;
import dev.lakehouse.magics.render.TablePreview;
import dev.lakehouse.magics.testing.Magics;
import dev.lakehouse.magics.testing.RecordingContext;
import dev.lakehouse.magics.testing.TestSpark;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class PlotMagicTest {
    private final PlotMagic magic = new PlotMagic();
    private final RecordingContext context = new RecordingContext();

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(Object display) {
        return (Map<String, Object>) ((DisplayData) display).data().get(DisplayData.VEGA_LITE);
    }

    @Test
    void drawsATablesawTable() {
        Table table = Table.create("t", StringColumn.create("city", "A", "B"), DoubleColumn.create("n", 1.5, 2.5));
        context.withVariable("cities", table);

        Map<String, Object> spec = spec(Magics.run(magic, context, "%plot cities --kind line -x city -y n --title Cities"));

        assertThat(spec).containsEntry("title", "Cities");
        assertThat(spec.get("mark").toString()).contains("line");
        assertThat(spec.get("encoding").toString()).contains("field=city, type=nominal").contains("field=n, type=quantitative");
        assertThat(spec.get("data")).isEqualTo(Map.of("values", List.of(Map.of("city", "A", "n", 1.5), Map.of("city", "B", "n", 2.5))));
    }

    @Test
    void drawsADatasetHistogramWithinTheLimit() {
        context.withVariable("nums", TestSpark.session().range(0, 100).toDF("v"));

        DisplayData display = (DisplayData) Magics.run(magic, context, "%plot nums --kind hist -x v --limit 10");

        assertThat(spec(display).get("encoding").toString()).contains("bin").contains("aggregate=count");
        assertThat((List<?>) ((Map<?, ?>) spec(display).get("data")).get("values")).hasSize(10);
        assertThat(display.plainText()).contains("showing 10 of more than 10 rows");
    }

    @Test
    void mistakesAreExplained() {
        context.withVariable("n", 3);
        context.withVariable("cities", Table.create("t", StringColumn.create("city", "A")));

        assertThatThrownBy(() -> Magics.run(magic, context, "%plot nothing -x a -y b")).hasMessageContaining("No variable 'nothing'");
        assertThatThrownBy(() -> Magics.run(magic, context, "%plot n -x a -y b")).hasMessageContaining("is a Integer");
        assertThatThrownBy(() -> Magics.run(magic, context, "%plot cities -x cty -y city"))
                .isInstanceOf(MagicException.class).hasMessageContaining("Did you mean: city");
        assertThatThrownBy(() -> Magics.run(magic, context, "%plot cities -x city")).hasMessageContaining("needs -y");
        assertThatThrownBy(() -> Magics.run(magic, context, "%plot cities --kind pie -x city -y city")).hasMessageContaining("pie");
    }

    @Test
    void fieldNamesWithDotsAreEscapedAndTemporalColumnsDetected() {
        TablePreview data = new TablePreview(List.of(new ColumnHeader("a.b", "date", false), new ColumnHeader("n", "int", true)),
                List.of(List.of("2024-01-01", 1)), false, OptionalLong.empty());

        Map<String, Object> spec = VegaLiteCharts.spec(ChartKind.SCATTER, data, "a.b", "n", null, null);

        assertThat(spec.get("encoding").toString()).contains("field=a\\.b, type=temporal");
        assertThat(spec.get("mark").toString()).contains("point");
    }
}
