package dev.lakehouse.kernel.install;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a Jupyter {@code kernel.json}. Field names follow the kernelspec format:
 * https://jupyter-client.readthedocs.io/en/stable/kernels.html#kernel-specs
 */
public record KernelSpec(List<String> argv, String displayName, String language, String interruptMode,
                         Map<String, String> env, Map<String, Object> metadata) {

    public static final String DEFAULT_NAME = "lakehouse-java";
    public static final String DEFAULT_DISPLAY_NAME = "Java (Lakehouse)";
    /** Placeholder Jupyter replaces with the connection file's path when it starts the kernel. */
    public static final String CONNECTION_FILE = "{connection_file}";
    /** Read by the kernel to pick the Spark master; absent means local[*]. */
    public static final String SPARK_MASTER_ENV = "LAKEHOUSE_SPARK_MASTER";

    public KernelSpec {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        metadata = Map.copyOf(metadata);
    }

    /** A tree Jackson writes as kernel.json, keys in the order the Jupyter docs show them. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("argv", argv);
        json.put("display_name", displayName);
        json.put("language", language);
        json.put("interrupt_mode", interruptMode);
        json.put("env", new java.util.TreeMap<>(env));
        json.put("metadata", metadata);
        return json;
    }
}
