package dev.lakehouse.export.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.lakehouse.export.notebook.NotebookJson;
import dev.lakehouse.export.validation.JsonSchemaChecker;
import dev.lakehouse.export.validation.Problem;
import dev.lakehouse.export.validation.ProblemKind;
import dev.lakehouse.export.validation.ValidationException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes job specs. Reading checks the JSON against {@code docs/job-spec.schema.json} (unknown fields,
 * types, enums, bounds) and then {@link JobSpecValidator}, and reports every problem at once. Writing a spec that was
 * read gives the same JSON tree back (absent fields stay absent).
 */
public final class JobSpecJson {

    public static final String SCHEMA_RESOURCE = "job-spec.schema.json";

    private static final ObjectMapper MAPPER = NotebookJson.MAPPER.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static final ObjectWriter PRETTY = MAPPER.writer(new DefaultPrettyPrinter()
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"))
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator("")));

    private static final JsonSchemaChecker SCHEMA = new JsonSchemaChecker(loadSchema());

    private JobSpecJson() {
    }

    /** The schema the reader enforces (the copy of docs/job-spec.schema.json packaged in this jar). */
    public static JsonSchemaChecker schema() {
        return SCHEMA;
    }

    public static JobSpec read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ValidationException(List.of(new Problem(ProblemKind.SYNTAX, path.toString(), "no such file")));
        }
        return read(text, path.toString());
    }

    /**
     * Parses and fully validates a spec.
     *
     * @param sourceName labels problem locations, e.g. the file name
     * @throws ValidationException with every problem found
     */
    public static JobSpec read(String json, String sourceName) {
        Reading reading = parse(json, sourceName);
        ValidationException.throwIfAny(reading.problems());
        return reading.spec();
    }

    /** Every problem in {@code json}; empty when it is a valid spec. */
    public static List<Problem> problems(String json, String sourceName) {
        return parse(json, sourceName).problems();
    }

    private record Reading(JobSpec spec, List<Problem> problems) {
    }

    private static Reading parse(String json, String sourceName) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? sourceName
                    : sourceName + " line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            return new Reading(null, List.of(new Problem(ProblemKind.SYNTAX, where, "not valid JSON: " + e.getOriginalMessage())));
        }
        if (tree == null || tree.isMissingNode()) {
            return new Reading(null, List.of(new Problem(ProblemKind.SYNTAX, sourceName, "empty file, expected a JSON object")));
        }
        JsonSchemaChecker.Checked checked = SCHEMA.checkAndPrune(tree, sourceName);
        List<Problem> problems = new ArrayList<>(checked.problems());
        JobSpec spec = null;
        try {
            spec = MAPPER.treeToValue(checked.pruned(), JobSpec.class);
        } catch (JsonProcessingException e) {
            // Not expected once pruned; semantic checks need a bound spec, so report and stop here.
            if (problems.isEmpty()) {
                problems.add(new Problem(ProblemKind.INVALID_VALUE, sourceName, e.getOriginalMessage()));
            }
        }
        if (spec != null) {
            problems.addAll(JobSpecValidator.validate(spec, sourceName));
        }
        return new Reading(spec, problems);
    }

    /** Pretty JSON (two-space indent, trailing newline); absent fields are left out. */
    public static String toJson(JobSpec spec) {
        try {
            return PRETTY.writeValueAsString(spec) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The spec as the JSON tree {@link #toJson} writes (numbers typed as a parser would read them back). */
    public static JsonNode toTree(JobSpec spec) {
        try {
            return MAPPER.readTree(toJson(spec));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void write(JobSpec spec, Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(path, toJson(spec), StandardCharsets.UTF_8);
    }

    private static JsonNode loadSchema() {
        try (InputStream in = JobSpecJson.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath (packaged from docs/)");
            }
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
