package dev.lakehouse.jobs.engine;

import static dev.lakehouse.jobs.store.ResultState.FAILED;
import static dev.lakehouse.jobs.store.ResultState.SKIPPED;
import static dev.lakehouse.jobs.store.ResultState.SUCCESS;
import static dev.lakehouse.jobs.store.ResultState.TIMEDOUT;
import static dev.lakehouse.jobs.store.ResultState.UPSTREAM_FAILED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.export.spec.RunIf;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RunIfRuleTest {
    @Test
    void allSuccessRunsOnlyWhenEveryDependencySucceeded() {
        assertThat(RunIfRule.decide(RunIf.ALL_SUCCESS, List.of(SUCCESS, SUCCESS))).isEmpty();
        assertThat(RunIfRule.decide(RunIf.ALL_SUCCESS, List.of(SUCCESS, FAILED))).contains(UPSTREAM_FAILED);
        assertThat(RunIfRule.decide(RunIf.ALL_SUCCESS, List.of(SUCCESS, SKIPPED))).contains(SKIPPED);
    }

    @Test
    void allDoneRunsWhateverHappened() {
        assertThat(RunIfRule.decide(RunIf.ALL_DONE, List.of(FAILED, TIMEDOUT))).isEmpty();
    }

    @Test
    void failureRulesRunOnFailuresAndAreSkippedOtherwise() {
        assertThat(RunIfRule.decide(RunIf.AT_LEAST_ONE_FAILED, List.of(SUCCESS, TIMEDOUT))).isEmpty();
        assertThat(RunIfRule.decide(RunIf.ALL_FAILED, List.of(FAILED, UPSTREAM_FAILED))).isEmpty();
        assertThat(RunIfRule.decide(RunIf.ALL_FAILED, List.of(FAILED, SUCCESS))).contains(SKIPPED);
        assertThat(RunIfRule.decide(RunIf.AT_LEAST_ONE_FAILED, List.of(SUCCESS))).contains(SKIPPED);
    }

    @Test
    void successRulesToleratePartialFailure() {
        assertThat(RunIfRule.decide(RunIf.AT_LEAST_ONE_SUCCESS, List.of(SUCCESS, FAILED))).isEmpty();
        assertThat(RunIfRule.decide(RunIf.NONE_FAILED, List.of(SUCCESS, SKIPPED))).isEmpty();
        assertThat(RunIfRule.decide(RunIf.NONE_FAILED, List.of(SUCCESS, FAILED))).contains(UPSTREAM_FAILED);
    }

    @Test
    void taskWithoutDependenciesAlwaysRuns() {
        for (RunIf rule : RunIf.values()) {
            assertThat(RunIfRule.decide(rule, List.of())).as(rule.name()).isEqualTo(Optional.empty());
        }
    }
}
