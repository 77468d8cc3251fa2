package dev.lakehouse.jobs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.export.spec.JobSpecJson;
import dev.lakehouse.jobs.engine.TaskLauncher;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A commit to the embedded database survives the process dying right after it (as with SIGKILL):
 * with H2's default write delay the last half second of commits, a new job included, was lost. And
 * a thread interrupted while it commits does not take the database down with it.
 */
class EmbeddedDatabaseDurabilityTest {
    @TempDir
    Path directory;

    @Test
    void jobCommittedJustBeforeTheProcessDiesIsThereAfterwards() throws Exception {
        Process child = new ProcessBuilder(TaskLauncher.currentJavaBinary(), "-cp", TaskLauncher.currentClasspath(),
                CommitThenHalt.class.getName(), directory.toString()).inheritIO().start();
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).as("the child JVM ended").isTrue();
        assertThat(child.exitValue()).as("the child halted right after its commit").isEqualTo(CommitThenHalt.HALTED);

        try (Database database = Database.open(Database.embeddedUrl(directory), null, null)) {
            List<JobRecord> jobs = new JobRepository(database).list();
            assertThat(jobs).extracting(job -> job.spec().name()).containsExactly("committed-then-killed");
        }
    }

    @Test
    void interruptedCommitDoesNotCloseTheDatabase() throws Exception {
        try (Database database = Database.open(Database.embeddedUrl(directory), null, null)) {
            SchemaInstaller.install(database);
            JobRepository jobs = new JobRepository(database);
            for (int i = 0; i < 20; i++) {
                // As Quartz's halt() does to its scheduler thread in the middle of a commit.
                Thread.currentThread().interrupt();
                try {
                    jobs.insert(JobSpecJson.read("""
                            {"name": "interrupted-%d", "tasks": [{"task_key": "t",
                              "notebook_task": {"notebook_path": "t.ipynb"}}]}""".formatted(i), "test"), i);
                } finally {
                    Thread.interrupted();
                }
            }
            assertThat(jobs.list()).hasSize(20);
        }
    }

    /** In a child JVM: creates one job, then dies at once without any shutdown (no hooks, no close). */
    public static final class CommitThenHalt {
        static final int HALTED = 42;

        public static void main(String[] args) throws Exception {
            Database database = Database.open(Database.embeddedUrl(Path.of(args[0])), null, null);
            SchemaInstaller.install(database);
            new JobRepository(database).insert(JobSpecJson.read("""
                    {"name": "committed-then-killed", "tasks": [{"task_key": "t",
                      "notebook_task": {"notebook_path": "t.ipynb"}}]}""", "test"), System.currentTimeMillis());
            Runtime.getRuntime().halt(HALTED);
        }
    }
}
