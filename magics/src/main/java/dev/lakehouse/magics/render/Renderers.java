package dev.lakehouse.magics.render;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.RenderOptions;
import dev.lakehouse.magics.api.Renderer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The renderer registry: built-ins plus every {@link Renderer} found with ServiceLoader, tried
 * highest priority first; a value no renderer supports is shown as {@code String.valueOf}.
 *
 * <p>The kernel calls {@link #render(Object, RenderOptions)}; after {@code %maven} adds jars it may
 * call {@link #reload(ClassLoader)} so renderers shipped in those jars are picked up.
 */
public final class Renderers {
    private static final int MAX_BROKEN_PROVIDERS = 100;
    private static volatile Renderers shared;

    private final List<Renderer> ordered;

    public Renderers(List<Renderer> renderers) {
        Map<String, Renderer> byClass = new LinkedHashMap<>();
        for (Renderer r : renderers) {
            byClass.putIfAbsent(r.getClass().getName(), r);
        }
        List<Renderer> sorted = new ArrayList<>(byClass.values());
        sorted.sort(Comparator.comparingInt(Renderer::priority).reversed());
        this.ordered = List.copyOf(sorted);
    }

    public static List<Renderer> builtIns() {
        return List.of(new DisplayDataRenderer(), new DatasetRenderer(), new TablesawRenderer());
    }

    /** Built-ins plus the ServiceLoader renderers visible from {@code loader}. */
    public static Renderers load(ClassLoader loader) {
        List<Renderer> all = new ArrayList<>(builtIns());
        Iterator<Renderer> found = ServiceLoader.load(Renderer.class, loader).iterator();
        for (int broken = 0; broken < MAX_BROKEN_PROVIDERS; ) {
            try {
                if (!found.hasNext()) {
                    break;
                }
                all.add(found.next());
            } catch (ServiceConfigurationError e) {
                // One broken extension jar must not take every rich display down with it.
                broken++;
                System.err.println("Skipping a renderer: " + e.getMessage());
            }
        }
        return new Renderers(all);
    }

    /** The registry {@link #render(Object, RenderOptions)} uses, loaded on first use. */
    public static Renderers shared() {
        Renderers r = shared;
        if (r == null) {
            synchronized (Renderers.class) {
                if (shared == null) {
                    shared = load(Renderers.class.getClassLoader());
                }
                r = shared;
            }
        }
        return r;
    }

    public static void reload(ClassLoader loader) {
        shared = load(loader);
    }

    public static DisplayData render(Object value, RenderOptions options) {
        return shared().renderValue(value, options);
    }

    public DisplayData renderValue(Object value, RenderOptions options) {
        for (Renderer r : ordered) {
            if (r.supports(value)) {
                return r.render(value, options);
            }
        }
        return DisplayData.text(String.valueOf(value));
    }

    public List<Renderer> renderers() {
        return ordered;
    }
}
