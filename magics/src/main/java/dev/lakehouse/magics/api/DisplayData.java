package dev.lakehouse.magics.api;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A MIME bundle as Jupyter's display_data / execute_result carry it: one representation per MIME
 * type, plus per-type metadata. Frontends pick the richest type they can render.
 */
public final class DisplayData {
    public static final String TEXT = "text/plain";
    public static final String HTML = "text/html";
    public static final String MARKDOWN = "text/markdown";
    public static final String JSON = "application/json";
    public static final String PNG = "image/png";
    public static final String SVG = "image/svg+xml";
    public static final String VEGA_LITE = "application/vnd.vegalite.v5+json";

    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public static DisplayData text(String text) {
        return new DisplayData().with(TEXT, text);
    }

    public static DisplayData html(String html, String plainText) {
        return new DisplayData().with(TEXT, plainText).with(HTML, html);
    }

    public static DisplayData markdown(String markdown) {
        return new DisplayData().with(TEXT, markdown).with(MARKDOWN, markdown);
    }

    /** {@code json} must be a JSON-serialisable tree: Map, List, String, Number, Boolean or null. */
    public static DisplayData json(Object json, String plainText) {
        return new DisplayData().with(TEXT, plainText).with(JSON, json);
    }

    public static DisplayData png(byte[] png) {
        return new DisplayData().with(TEXT, "<PNG image, " + png.length + " bytes>")
                .with(PNG, Base64.getEncoder().encodeToString(png));
    }

    /** A Vega-Lite v5 spec as a JSON tree; JupyterLab renders it natively and offline. */
    public static DisplayData vegaLite(Map<String, Object> spec, String plainText) {
        return new DisplayData().with(TEXT, plainText).with(VEGA_LITE, spec);
    }

    public DisplayData with(String mimeType, Object value) {
        data.put(mimeType, value);
        return this;
    }

    public DisplayData withMetadata(String mimeType, Object value) {
        metadata.put(mimeType, value);
        return this;
    }

    public Map<String, Object> data() {
        return Collections.unmodifiableMap(data);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public String plainText() {
        Object text = data.get(TEXT);
        return text == null ? "" : text.toString();
    }

    @Override
    public String toString() {
        return plainText();
    }
}
