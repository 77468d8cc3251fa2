package dev.lakehouse.jobs.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakehouse.export.exporter.ExportOptions;
import dev.lakehouse.export.spec.CatchUpPolicy;
import dev.lakehouse.export.spec.JobParameter;
import dev.lakehouse.export.spec.JobSpec;
import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.export.spec.PauseStatus;
import dev.lakehouse.export.spec.Task;
import dev.lakehouse.jobs.JobCatalog;
import dev.lakehouse.jobs.engine.RunEngine;
import dev.lakehouse.jobs.store.JobRecord;
import dev.lakehouse.jobs.store.LifeCycleState;
import dev.lakehouse.jobs.store.RunRecord;
import dev.lakehouse.jobs.store.RunRepository;
import dev.lakehouse.jobs.store.RunRepository.Admission;
import dev.lakehouse.jobs.store.RunRepository.RunRequest;
import dev.lakehouse.jobs.store.TaskAttempt;
import dev.lakehouse.jobs.store.TriggerType;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The HTTP API: the route table ({@link #routes()}, read top to bottom, walked by the security
 * test) and its handlers. Bodies and answers are JSON; names follow Databricks Jobs 2.1 where they exist.
 */
public final class JobsApi {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int LOG_CHUNK = 256 * 1024;

    private final JobCatalog catalog;
    private final RunRepository runs;
    private final RunEngine engine;
    private final Supplier<Map<String, Object>> health;

    public JobsApi(JobCatalog catalog, RunRepository runs, RunEngine engine, Supplier<Map<String, Object>> health) {
        this.catalog = catalog;
        this.runs = runs;
        this.engine = engine;
        this.health = health;
    }

    public List<Route> routes() {
        return List.of(
                new Route(HandlerType.GET, "/api/health", "service status", this::health),
                new Route(HandlerType.GET, "/api/openapi.yaml", "this API's OpenAPI description", this::openApi),
                new Route(HandlerType.POST, "/api/jobs", "create a job from a spec or from notebooks", this::createJob),
                new Route(HandlerType.GET, "/api/jobs", "list jobs", this::listJobs),
                new Route(HandlerType.GET, "/api/jobs/{job_id}", "get a job", this::getJob),
                new Route(HandlerType.PUT, "/api/jobs/{job_id}", "replace a job's spec", this::updateJob),
                new Route(HandlerType.DELETE, "/api/jobs/{job_id}", "delete a job (cancels its active runs)", this::deleteJob),
                new Route(HandlerType.POST, "/api/jobs/{job_id}/pause", "pause the schedule", ctx -> pause(ctx, true)),
                new Route(HandlerType.POST, "/api/jobs/{job_id}/resume", "resume the schedule", ctx -> pause(ctx, false)),
                new Route(HandlerType.POST, "/api/jobs/{job_id}/run-now", "start a run", this::runNow),
                new Route(HandlerType.GET, "/api/runs", "list runs, newest first", this::listRuns),
                new Route(HandlerType.GET, "/api/runs/{run_id}", "get a run with its tasks and attempts", this::getRun),
                new Route(HandlerType.POST, "/api/runs/{run_id}/cancel", "cancel a run", this::cancelRun),
                new Route(HandlerType.POST, "/api/runs/{run_id}/repair", "rerun failed tasks and their dependents", this::repairRun),
                new Route(HandlerType.GET, "/api/runs/{run_id}/tasks/{task_key}/output", "a task's output notebook", this::output),
                new Route(HandlerType.GET, "/api/runs/{run_id}/tasks/{task_key}/logs", "a task attempt's log from an offset", this::logs));
    }

    private void health(Context ctx) {
        ctx.json(health.get());
    }

    private void openApi(Context ctx) throws IOException {
        try (InputStream in = JobsApi.class.getResourceAsStream("/dev/lakehouse/jobs/openapi.yaml")) {
            if (in == null) {
                throw ApiError.notFound("openapi.yaml is not packaged in this build");
            }
            ctx.contentType("application/yaml").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    // ---- jobs

    private void createJob(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        JobSpec spec;
        if (body.has("spec")) {
            spec = readSpec(body.get("spec"));
        } else if (body.has("notebook") || body.has("notebooks")) {
            spec = withParameterDefaults(catalog.export(notebooks(body), exportOptions(body)), body.path("parameters"));
        } else {
            throw ApiError.badRequest("give either \"spec\" (a job spec) or \"notebook\" (a path under the notebook root)");
        }
        JobRecord job = catalog.create(spec);
        ctx.status(201).json(jobView(job));
    }

    /**
     * {@code "parameters": {"name": "value"}} with a notebook: new defaults for the job parameters its
     * parameters cell declares (which the export made job parameters); any other name is refused.
     */
    private static JobSpec withParameterDefaults(JobSpec spec, JsonNode given) {
        if (given.isMissingNode() || given.isNull()) {
            return spec;
        }
        if (!given.isObject()) {
            throw ApiError.badRequest("\"parameters\" must be an object of name: value");
        }
        Map<String, String> values = new LinkedHashMap<>();
        given.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        requireDeclared(spec, values.keySet(), "the notebook");
        if (values.isEmpty()) {
            return spec;
        }
        return spec.toBuilder().parameters(spec.parameters().stream()
                .map(p -> values.containsKey(p.name()) ? new JobParameter(p.name(), values.get(p.name())) : p)
                .toList()).build();
    }

    /** Refuses a parameter name the job does not declare, listing the ones it does. */
    private static void requireDeclared(JobSpec spec, Set<String> names, String subject) {
        Set<String> declared = spec.parameters() == null ? Set.of()
                : spec.parameters().stream().map(JobParameter::name).collect(Collectors.toCollection(java.util.TreeSet::new));
        for (String name : names) {
            if (!declared.contains(name)) {
                throw ApiError.badRequest(subject + " has no parameter '" + name + "'"
                        + (declared.isEmpty() ? "; it declares none" : "; parameters: " + String.join(", ", declared)));
            }
        }
    }

    private static List<String> notebooks(JsonNode body) {
        List<String> paths = new ArrayList<>();
        if (body.hasNonNull("notebook")) {
            paths.add(body.get("notebook").asText());
        }
        body.path("notebooks").forEach(n -> paths.add(n.asText()));
        return paths;
    }

    private static ExportOptions.Builder exportOptions(JsonNode body) {
        Set<String> known = Set.of("notebook", "notebooks", "name", "cron", "timezone", "pause_status", "catch_up_policy",
                "max_concurrent_runs", "spark_master", "depends", "parameters");
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw ApiError.badRequest("unknown field \"" + name + "\"; fields: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
        ExportOptions.Builder options = ExportOptions.builder()
                .jobName(text(body, "name"))
                .cron(text(body, "cron"))
                .timezone(text(body, "timezone"))
                .sparkMaster(text(body, "spark_master"));
        try {
            if (body.hasNonNull("pause_status")) {
                options.pauseStatus(PauseStatus.valueOf(body.get("pause_status").asText()));
            }
            if (body.hasNonNull("catch_up_policy")) {
                options.catchUpPolicy(CatchUpPolicy.valueOf(body.get("catch_up_policy").asText()));
            }
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("pause_status is PAUSED or UNPAUSED; catch_up_policy is NONE, LATEST or ALL");
        }
        if (body.hasNonNull("max_concurrent_runs")) {
            options.maxConcurrentRuns(body.get("max_concurrent_runs").asInt());
        }
        body.path("depends").fields().forEachRemaining(e -> {
            List<String> keys = new ArrayList<>();
            e.getValue().forEach(k -> keys.add(k.asText()));
            options.depends(e.getKey(), keys);
        });
        return options;
    }

    private void listJobs(Context ctx) throws Exception {
        ArrayNode jobs = JSON.createArrayNode();
        for (JobRecord job : catalog.list()) {
            jobs.add(jobView(job));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("jobs", jobs);
        ctx.json(answer);
    }

    private void getJob(Context ctx) throws Exception {
        ctx.json(jobView(catalog.find(id(ctx, "job_id"))));
    }

    private void updateJob(Context ctx) throws Exception {
        JsonNode body = body(ctx);
        JobSpec spec = readSpec(body.has("spec") ? body.get("spec") : body);
        ctx.json(jobView(catalog.update(id(ctx, "job_id"), spec)));
    }

    private void deleteJob(Context ctx) throws Exception {
        catalog.delete(id(ctx, "job_id"));
        ctx.status(204);
    }

    private void pause(Context ctx, boolean paused) throws Exception {
        ctx.json(jobView(catalog.setPaused(id(ctx, "job_id"), paused)));
    }

    private void runNow(Context ctx) throws Exception {
        long jobId = id(ctx, "job_id");
        JobRecord job = catalog.find(jobId);
        JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : body(ctx);
        Map<String, String> parameters = new LinkedHashMap<>();
        body.path("parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
        requireDeclared(job.spec(), parameters.keySet(), "job " + jobId);
        String token = text(body, "idempotency_token");
        if (token != null && (token.isEmpty() || token.length() > 64)) {
            throw ApiError.badRequest("idempotency_token must be 1 to 64 characters");
        }
        Admission admission = engine.submit(new RunRequest(jobId, TriggerType.ONE_TIME, null, parameters, token))
                .orElseThrow(() -> ApiError.notFound("no job " + jobId));
        ObjectNode answer = JSON.createObjectNode();
        answer.put("run_id", admission.run().runId());
        answer.put("created", admission.created());
        answer.put("life_cycle_state", admission.run().lifeCycleState().name());
        ctx.status(admission.created() ? 201 : 200).json(answer);
    }

    // ---- runs

    private void listRuns(Context ctx) throws Exception {
        Long jobId = ctx.queryParam("job_id") == null ? null : parseId(ctx.queryParam("job_id"), "job_id");
        boolean activeOnly = Boolean.parseBoolean(ctx.queryParam("active_only"));
        int limit = Math.min(1000, Math.max(1, intParam(ctx, "limit", 25)));
        int offset = Math.max(0, intParam(ctx, "offset", 0));
        ArrayNode list = JSON.createArrayNode();
        for (RunRecord run : runs.list(jobId, activeOnly, limit, offset)) {
            list.add(runView(run, null));
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.set("runs", list);
        ctx.json(answer);
    }

    private void getRun(Context ctx) throws Exception {
        RunRecord run = run(ctx);
        ctx.json(runView(run, runs.attempts(run.runId())));
    }

    private void cancelRun(Context ctx) throws Exception {
        long runId = id(ctx, "run_id");
        RunEngine.CancelOutcome outcome = engine.cancel(runId);
        if (outcome == RunEngine.CancelOutcome.NOT_FOUND) {
            throw ApiError.notFound("no run " + runId);
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("run_id", runId);
        answer.put("outcome", outcome.name());
        ctx.json(answer);
    }

    private void repairRun(Context ctx) throws Exception {
        RunRecord run = run(ctx);
        JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : body(ctx);
        List<String> tasks = new ArrayList<>();
        body.path("rerun_tasks").forEach(t -> tasks.add(t.asText()));
        List<String> rerun;
        try {
            rerun = engine.repair(run.runId(), tasks);
        } catch (RunEngine.RepairRefused e) {
            throw ApiError.conflict(e.getMessage());
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("run_id", run.runId());
        ArrayNode keys = answer.putArray("rerun_tasks");
        rerun.forEach(keys::add);
        ctx.json(answer);
    }

    private void output(Context ctx) throws Exception {
        TaskAttempt attempt = attempt(ctx, null);
        Path notebook = attempt.outputPath() == null ? null : Path.of(attempt.outputPath());
        if (notebook == null || !Files.isRegularFile(notebook)) {
            throw ApiError.notFound("task " + attempt.taskKey() + " of run " + attempt.runId() + " has no output notebook"
                    + (attempt.lifeCycleState().isActive() ? " yet; it is " + attempt.lifeCycleState() : ""));
        }
        ctx.contentType("application/x-ipynb+json").result(Files.readString(notebook, StandardCharsets.UTF_8));
    }

    /** {@code ?offset=N[&attempt=K]}: log text from byte N; poll with next_offset until complete. */
    private void logs(Context ctx) throws Exception {
        String attemptParam = ctx.queryParam("attempt");
        TaskAttempt attempt = attempt(ctx, attemptParam == null ? null : (int) parseId(attemptParam, "attempt"));
        long offset = Math.max(0, ctx.queryParam("offset") == null ? 0 : parseId(ctx.queryParam("offset"), "offset"));
        String text = "";
        long next = offset;
        if (attempt.logPath() != null && Files.isRegularFile(Path.of(attempt.logPath()))) {
            try (RandomAccessFile file = new RandomAccessFile(attempt.logPath(), "r")) {
                long length = file.length();
                if (offset < length) {
                    byte[] chunk = new byte[(int) Math.min(LOG_CHUNK, length - offset)];
                    file.seek(offset);
                    file.readFully(chunk);
                    int usable = completeUtf8(chunk);
                    text = new String(chunk, 0, usable, StandardCharsets.UTF_8);
                    next = offset + usable;
                }
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("attempt", attempt.attempt());
        answer.put("offset", offset);
        answer.put("next_offset", next);
        answer.put("text", text);
        answer.put("complete", attempt.isFinished());
        ctx.json(answer);
    }

    /** Bytes up to the last complete UTF-8 character, so a chunk never splits one. */
    static int completeUtf8(byte[] chunk) {
        int end = chunk.length;
        int i = end - 1;
        int continuation = 0;
        while (i >= 0 && (chunk[i] & 0xC0) == 0x80 && continuation < 3) {
            i--;
            continuation++;
        }
        if (i < 0) {
            return end;
        }
        int lead = chunk[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
        return needed > continuation ? i : end;
    }

    // ---- helpers

    private RunRecord run(Context ctx) throws Exception {
        long runId = id(ctx, "run_id");
        return runs.find(runId).orElseThrow(() -> ApiError.notFound("no run " + runId));
    }

    private TaskAttempt attempt(Context ctx, Integer number) throws Exception {
        RunRecord run = run(ctx);
        String key = ctx.pathParam("task_key");
        List<TaskAttempt> attempts = runs.attempts(run.runId()).stream().filter(a -> a.taskKey().equals(key)).toList();
        if (attempts.isEmpty()) {
            throw ApiError.notFound("run " + run.runId() + " has no task '" + key + "'");
        }
        if (number == null) {
            return attempts.get(attempts.size() - 1);
        }
        return attempts.stream().filter(a -> a.attempt() == number).findFirst()
                .orElseThrow(() -> ApiError.notFound("task '" + key + "' of run " + run.runId() + " has no attempt " + number));
    }

    private static JobSpec readSpec(JsonNode spec) {
        try {
            return JobSpecJson.read(JSON.writeValueAsString(spec), "spec");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("spec is not JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode node = JSON.readTree(ctx.body());
            if (node == null || !node.isObject()) {
                throw ApiError.badRequest("the request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field) {
        return body.hasNonNull(field) ? body.get(field).asText() : null;
    }

    private static long id(Context ctx, String name) {
        return parseId(ctx.pathParam(name), name);
    }

    private static long parseId(String value, String name) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be a number, not \"" + value + "\"");
        }
    }

    private static int intParam(Context ctx, String name, int fallback) {
        String value = ctx.queryParam(name);
        return value == null ? fallback : (int) parseId(value, name);
    }

    private ObjectNode jobView(JobRecord job) {
        ObjectNode view = JSON.createObjectNode();
        view.put("job_id", job.jobId());
        view.put("created_time", job.createdAt());
        view.put("updated_time", job.updatedAt());
        view.set("settings", JobSpecJson.toTree(job.spec()));
        boolean scheduled = job.spec().schedule() != null;
        view.put("paused", scheduled && job.spec().schedule().pauseStatusOrDefault() == PauseStatus.PAUSED);
        Long next = catalog.nextFireTime(job.jobId()).orElse(null);
        if (next != null) {
            view.put("next_fire_time", next);
        } else {
            view.putNull("next_fire_time");
        }
        return view;
    }

    static ObjectNode runView(RunRecord run, List<TaskAttempt> attempts) {
        ObjectNode view = JSON.createObjectNode();
        view.put("run_id", run.runId());
        view.put("job_id", run.jobId());
        view.put("run_name", run.spec().name());
        view.put("trigger", run.trigger().name());
        putNullable(view, "scheduled_fire_time", run.scheduledFireTime());
        view.set("parameters", JSON.valueToTree(run.parameters()));
        view.set("state", state(run.lifeCycleState(), run.resultState() == null ? null : run.resultState().name(),
                run.stateMessage()));
        view.put("created_time", run.createdAt());
        putNullable(view, "start_time", run.startedAt());
        putNullable(view, "end_time", run.endedAt());
        view.put("repair_count", run.repairCount());
        if (run.owner() != null) {
            view.put("executed_by", run.owner());
        }
        if (attempts != null) {
            Map<String, List<TaskAttempt>> byTask = new LinkedHashMap<>();
            for (Task task : run.spec().tasks()) {
                byTask.put(task.taskKey(), new ArrayList<>());
            }
            attempts.forEach(a -> byTask.computeIfAbsent(a.taskKey(), k -> new ArrayList<>()).add(a));
            ArrayNode tasks = view.putArray("tasks");
            for (Task task : run.spec().tasks()) {
                List<TaskAttempt> history = byTask.get(task.taskKey());
                ObjectNode t = tasks.addObject();
                t.put("task_key", task.taskKey());
                ArrayNode depends = t.putArray("depends_on");
                task.dependencyKeys().forEach(k -> depends.addObject().put("task_key", k));
                if (!history.isEmpty()) {
                    TaskAttempt last = history.get(history.size() - 1);
                    t.put("attempt_number", last.attempt());
                    t.set("state", attemptState(last));
                    putNullable(t, "start_time", last.startedAt());
                    putNullable(t, "end_time", last.endedAt());
                    t.put("has_output", last.outputPath() != null && Files.isRegularFile(Path.of(last.outputPath())));
                    ArrayNode list = t.putArray("attempts");
                    for (TaskAttempt a : history) {
                        ObjectNode o = list.addObject();
                        o.put("attempt_number", a.attempt());
                        o.put("repair_generation", a.generation());
                        o.set("state", attemptState(a));
                        putNullable(o, "start_time", a.startedAt());
                        putNullable(o, "end_time", a.endedAt());
                        putNullable(o, "not_before", a.notBefore());
                        if (a.pid() != null) {
                            o.put("pid", a.pid());
                        }
                        if (a.exitCode() != null) {
                            o.put("exit_code", a.exitCode());
                        }
                    }
                }
            }
        }
        return view;
    }

    private static ObjectNode attemptState(TaskAttempt a) {
        return state(a.lifeCycleState(), a.resultState() == null ? null : a.resultState().name(), a.stateMessage());
    }

    private static ObjectNode state(LifeCycleState life, String result, String message) {
        ObjectNode state = JSON.createObjectNode();
        state.put("life_cycle_state", life.name());
        if (result != null) {
            state.put("result_state", result);
        }
        if (message != null) {
            state.put("state_message", message);
        }
        return state;
    }

    private static void putNullable(ObjectNode node, String field, Long value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }
}
