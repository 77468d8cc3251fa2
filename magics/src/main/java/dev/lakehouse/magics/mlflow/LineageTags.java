package dev.lakehouse.magics.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Lineage as run tags: {@code lakehouse.lineage.inputs} holds every read as JSON (what
 * {@code %mlflow reproduce} reads back), and one {@code lakehouse.lineage.delta.TABLE} tag per
 * table holds the version(s) read, for people and for {@code runs/search} filters.
 */
public final class LineageTags {
    public static final String INPUTS = "lakehouse.lineage.inputs";
    public static final String TABLE_PREFIX = "lakehouse.lineage.delta.";
    private static final int MAX_TAG_VALUE = 8000;
    private static final int MAX_KEY = 250;

    private LineageTags() {}

    public static Map<String, String> of(Set<DeltaRead> reads) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (reads.isEmpty()) {
            return tags;
        }
        List<Map<String, Object>> inputs = new ArrayList<>();
        Map<String, Set<Long>> versionsByTable = new TreeMap<>();
        for (DeltaRead read : reads) {
            Map<String, Object> input = new LinkedHashMap<>();
            input.put("table", read.table());
            input.put("path", read.path());
            input.put("version", read.version());
            inputs.add(input);
            versionsByTable.computeIfAbsent(tagKey(read), k -> new TreeSet<>()).add(read.version());
        }
        String json = toJson(inputs);
        if (json.length() > MAX_TAG_VALUE) {
            throw new MlflowException("The run read " + reads.size() + " Delta table versions; their lineage does not fit"
                    + " one MLflow tag (" + MAX_TAG_VALUE + " characters).");
        }
        tags.put(INPUTS, json);
        versionsByTable.forEach((key, versions) -> tags.put(key,
                versions.stream().map(String::valueOf).collect(Collectors.joining(","))));
        return tags;
    }

    /** The reads recorded in a run's tags. */
    public static List<DeltaRead> parse(Map<String, String> tags) {
        String json = tags.get(INPUTS);
        if (json == null) {
            return List.of();
        }
        try {
            List<Map<String, Object>> inputs = MlflowHttp.JSON.readValue(json, new TypeReference<>() {});
            List<DeltaRead> reads = new ArrayList<>();
            for (Map<String, Object> input : inputs) {
                reads.add(new DeltaRead((String) input.get("table"), (String) input.get("path"),
                        ((Number) input.get("version")).longValue()));
            }
            return reads;
        } catch (JsonProcessingException | ClassCastException | NullPointerException e) {
            throw new MlflowException("The run's " + INPUTS + " tag is not lineage this kernel wrote: " + json, e);
        }
    }

    /** MLflow tag keys allow letters, digits, {@code _ - . / :} and spaces, and must not look like a relative path. */
    static String tagKey(DeltaRead read) {
        String name = read.table() != null ? read.table() : read.path().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*:", "");
        String safe = name.replaceAll("[^\\w.\\-/: ]", "_").replaceAll("/+", "/").replaceAll("^[/.]+", "")
                .replace("/./", "/").replace("..", "__").replaceAll("/$", "");
        String key = TABLE_PREFIX + safe;
        return key.length() <= MAX_KEY ? key : key.substring(0, MAX_KEY);
    }

    private static String toJson(Object value) {
        try {
            return MlflowHttp.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
