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
        List<String> names = loaded.renderers().stream().map(r -> r.getClass().getSimpleName()).toList();
        assertThat(names).containsOnlyOnce("DisplayDataRenderer", "DatasetRenderer", "TablesawRenderer");
        assertThat(names.get(0)).isEqualTo("DisplayDataRenderer");
        assertThat(loaded.renderers()).isSortedAccordingTo((a, b) -> Integer.compare(b.priority(), a.priority()));

        Renderer shouting = new Renderer() {
            public boolean supports(Object value) { return value instanceof String; }
            public DisplayData render(Object value, RenderOptions o) { return DisplayData.text(value + "!"); }
            public int priority() { return 5; }
        };
        Renderers custom = new Renderers(List.of(new DisplayDataRenderer(), shouting));
        assertThat(custom.renderValue("hi", RenderOptions.defaults()).plainText()).isEqualTo("hi!");
    }

    @Test
    void aBrokenExtensionJarDoesNotBreakRendering(@org.junit.jupiter.api.io.TempDir java.nio.file.Path jar) throws Exception {
        java.nio.file.Path services = jar.resolve("META-INF/services");
        java.nio.file.Files.createDirectories(services);
        java.nio.file.Files.writeString(services.resolve(Renderer.class.getName()), "no.such.MissingRenderer\n");
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(
                new java.net.URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {

            Renderers loaded = Renderers.load(loader);

            assertThat(loaded.renderValue(DisplayData.text("ok"), RenderOptions.defaults()).plainText()).isEqualTo("ok");
            assertThat(loaded.renderers()).extracting(r -> r.getClass().getSimpleName()).contains("DatasetRenderer");
        }
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
