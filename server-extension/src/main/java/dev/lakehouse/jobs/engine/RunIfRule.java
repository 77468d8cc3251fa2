package dev.lakehouse.jobs.engine;

import dev.lakehouse.export.spec.RunIf;
import dev.lakehouse.jobs.store.ResultState;
import java.util.Collection;
import java.util.Optional;

/** Databricks' run_if: given the results of a task's dependencies, run it or say how it ends instead. */
public final class RunIfRule {
    private RunIfRule() {}

    /** Empty: run the task. Otherwise the result it gets without running (UPSTREAM_FAILED or SKIPPED). */
    public static Optional<ResultState> decide(RunIf rule, Collection<ResultState> dependencies) {
        if (dependencies.isEmpty()) {
            return Optional.empty();
        }
        long succeeded = dependencies.stream().filter(r -> r == ResultState.SUCCESS).count();
        long failed = dependencies.stream().filter(r -> r != null && r.isFailure()).count();
        int all = dependencies.size();
        boolean run = switch (rule) {
            case ALL_SUCCESS -> succeeded == all;
            case ALL_DONE -> true;
            case AT_LEAST_ONE_SUCCESS -> succeeded > 0;
            case NONE_FAILED -> failed == 0;
            case ALL_FAILED -> failed == all;
            case AT_LEAST_ONE_FAILED -> failed > 0;
        };
        if (run) {
            return Optional.empty();
        }
        boolean waitsForFailures = rule == RunIf.ALL_FAILED || rule == RunIf.AT_LEAST_ONE_FAILED;
        return Optional.of(failed > 0 && !waitsForFailures ? ResultState.UPSTREAM_FAILED : ResultState.SKIPPED);
    }
}
