package dev.lakehouse.magics.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.api.Renderer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderersTest {
    @Test
    void displayDataPassesThroughUnchanged() {
        DisplayData md = DisplayData.markdown("# hi");

        assertThat(Renderers.render(md, RenderOptions.defaults())).isSameAs(md);
    }

    @Test
    void unknownValuesFallBackToStringValueOf() {
        assertThat(Renderers.render(42, RenderOptions.defaults()).plainText()).isEqualTo("42");
        assertThat(Renderers.render(null, RenderOptions.defaults()).plainText()).isEqualTo("null");
    }

    @Test
    void serviceLoaderFindsTheBuiltInsOnceAndHighestPriorityWins() {
        Renderers loaded = Renderers.load(getClass().getClassLoader());
        assertThat(loaded.renderers()).extracting(r -> r.getClass().getSimpleName())
                .containsExactly("DisplayDataRenderer", "DatasetRenderer", "TablesawRenderer");

        Renderer shouting = new Renderer() {
            public boolean supports(Object value) { return value instanceof String; }
            public DisplayData render(Object value, RenderOptions o) { return DisplayData.text(value + "!"); }
            public int priority() { return 5; }
        };
        Renderers custom = new Renderers(List.of(new DisplayDataRenderer(), shouting));
        assertThat(custom.renderValue("hi", RenderOptions.defaults()).plainText()).isEqualTo("hi!");
    }

    @Test
    void otherFormatsEscapeTheirOwnSyntax() {
        TablePreview t = new TablePreview(List.of(new ColumnHeader("a", "string", false),
                new ColumnHeader("n", "int", true)),
                List.of(List.of("x,\"y\"", 1), java.util.Arrays.asList("p|q", null)), false, java.util.OptionalLong.empty());

        assertThat(TableFormat.csv(t)).isEqualTo("a,n\n\"x,\"\"y\"\"\",1\np|q,\n");
        assertThat(TableFormat.markdown(t)).contains("| p\\|q | *NULL* |").contains("| --- | ---: |");
        assertThat(TableFormat.records(t).get(0)).containsExactly(
                java.util.Map.entry("a", "x,\"y\""), java.util.Map.entry("n", 1));
        assertThat(TableFormat.records(t).get(1)).containsEntry("a", "p|q").containsEntry("n", null);
    }
}
