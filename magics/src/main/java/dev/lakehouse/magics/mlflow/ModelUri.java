package dev.lakehouse.magics.mlflow;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code runs:/RUN_ID/PATH}, {@code models:/NAME/VERSION} or {@code models:/NAME@ALIAS}. */
public sealed interface ModelUri {
    record RunArtifact(String runId, String path) implements ModelUri {}

    record RegisteredVersion(String name, String version) implements ModelUri {}

    record RegisteredAlias(String name, String alias) implements ModelUri {}

    Pattern RUNS = Pattern.compile("runs:/([^/]+)/(.+)");
    Pattern MODEL_VERSION = Pattern.compile("models:/(.+)/([0-9]+)");
    Pattern MODEL_ALIAS = Pattern.compile("models:/([^@]+)@([^@/]+)");

    static ModelUri parse(String uri) {
        String u = uri.strip();
        Matcher m;
        if ((m = RUNS.matcher(u)).matches()) {
            return new RunArtifact(m.group(1), m.group(2).replaceAll("/+$", ""));
        }
        if ((m = MODEL_ALIAS.matcher(u)).matches()) {
            return new RegisteredAlias(m.group(1), m.group(2));
        }
        if ((m = MODEL_VERSION.matcher(u)).matches()) {
            return new RegisteredVersion(m.group(1), m.group(2));
        }
        throw new MlflowException("Not a model URI: '" + uri + "'. Use runs:/RUN_ID/PATH (e.g. runs:/0f3c.../model),"
                + " models:/NAME/VERSION (e.g. models:/churn/3) or models:/NAME@ALIAS (e.g. models:/churn@champion).");
    }
}
