package dev.lakehouse.magics.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TablesawRendererTest {
    @Test
    void rendersLikeADatasetWithTypesEscapingAndExactTotal() {
        StringColumn names = StringColumn.create("name", "<script>x</script>", "b", "c");
        IntColumn ids = IntColumn.create("id", 1, 2, 3);
        ids.setMissing(2);
        Table table = Table.create("t", ids, names);

        DisplayData display = Renderers.render(table, new RenderOptions(2));
        String html = (String) display.data().get(DisplayData.HTML);

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;x&lt;/script&gt;")
                .contains(">integer</span>").contains(">string</span>")
                .contains("showing 2 of 3 rows");
        assertThat(display.plainText()).contains("showing 2 of 3 rows");
        Table withNull = Table.create("t", ids);
        assertThat(Renderers.render(withNull, RenderOptions.defaults()).data().get(DisplayData.HTML).toString())
                .contains("italic;opacity:0.5\">NULL</span>");
    }
}
