package dev.lakehouse.magics.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.MagicCall;
import dev.lakehouse.magics.api.MagicException;
import dev.lakehouse.magics.testing.RecordingContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code %job} says when it cannot do its work. The working paths run against a real service in
 * server-extension/python/tests/test_job_magic.py (acceptance 4 of issue 9). */
class JobMagicTest {
    @TempDir
    Path home;

    private Object run(Map<String, String> env, String line, RecordingContext context) throws Exception {
        return new JobMagic(env).run(MagicCall.parseLineMagic(line).orElseThrow(), context);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void helpListsTheSubcommands() throws Exception {
        String help = ((DisplayData) run(Map.of(), "%job --help", new RecordingContext())).plainText();
        assertThat(help).contains("create", "run", "status", "pause", "resume", "delete", "LAKEHOUSE_JOBS_URL");
        String createHelp = ((DisplayData) run(Map.of(), "%job create --help", new RecordingContext())).plainText();
        assertThat(createHelp).contains("--cron", "--tz", "--name", "--notebook", "--param");
    }

    @Test
    void noSubcommandExplainsTheChoices() {
        assertThatThrownBy(() -> run(Map.of(), "%job", new RecordingContext()))
                .isInstanceOf(MagicException.class).hasMessageContaining("create, run, status, pause, resume or delete");
    }

    @Test
    void unknownOptionIsAMagicError() {
        assertThatThrownBy(() -> run(Map.of(), "%job create --crn \"0 0 2 * * ?\"", new RecordingContext()))
                .isInstanceOf(MagicException.class).hasMessageContaining("--crn");
    }

    @Test
    void withoutAnyServiceItSaysHowToStartOne() {
        Map<String, String> env = Map.of("LAKEHOUSE_HOME", home.toString());
        assertThatThrownBy(() -> run(env, "%job status", new RecordingContext()))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining("No jobs service found")
                .hasMessageContaining("./lakehouse start");
    }

    @Test
    void unreachableServiceIsNamedWithWhereItsAddressCameFrom() throws Exception {
        Path token = Files.writeString(home.resolve("token"), "0123456789abcdef0123456789");
        Map<String, String> env = Map.of("LAKEHOUSE_HOME", home.toString(),
                "LAKEHOUSE_JOBS_URL", "http://127.0.0.1:" + closedPort(), "LAKEHOUSE_JOBS_TOKEN_FILE", token.toString());
        assertThatThrownBy(() -> run(env, "%job run 1", new RecordingContext()))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining("Cannot reach the jobs service")
                .hasMessageContaining("LAKEHOUSE_JOBS_URL");
    }

    @Test
    void discoveryFileWithoutTokenSaysWhichFileIsMissing() throws Exception {
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs/service.json"), "{\"url\": \"http://127.0.0.1:1\"}");
        Map<String, String> env = Map.of("LAKEHOUSE_HOME", home.toString());
        assertThatThrownBy(() -> run(env, "%job status", new RecordingContext()))
                .isInstanceOf(MagicException.class)
                .hasMessageContaining(home.resolve("jobs/token").toString());
    }

    @Test
    void createWithoutAKnownNotebookAsksForOne() throws Exception {
        Path token = Files.writeString(home.resolve("token"), "0123456789abcdef0123456789");
        Map<String, String> env = Map.of("LAKEHOUSE_JOBS_URL", "http://127.0.0.1:" + closedPort(),
                "LAKEHOUSE_JOBS_TOKEN_FILE", token.toString());
        assertThatThrownBy(() -> run(env, "%job create --cron \"0 0 2 * * ?\"", new RecordingContext()))
                .isInstanceOf(MagicException.class).hasMessageContaining("--notebook PATH");
        assertThatThrownBy(() -> run(env, "%job create --notebook " + home.resolve("missing.ipynb"), new RecordingContext()))
                .isInstanceOf(MagicException.class).hasMessageContaining("Save the notebook first");
    }

    @Test
    void timezoneWithoutCronIsRefused() throws Exception {
        Path notebook = Files.writeString(home.resolve("n.ipynb"), "{}");
        Path token = Files.writeString(home.resolve("token"), "0123456789abcdef0123456789");
        Map<String, String> env = Map.of("LAKEHOUSE_JOBS_URL", "http://127.0.0.1:" + closedPort(),
                "LAKEHOUSE_JOBS_TOKEN_FILE", token.toString());
        assertThatThrownBy(() -> run(env, "%job create --tz Europe/Paris", new RecordingContext().withNotebook(notebook)))
                .isInstanceOf(MagicException.class).hasMessageContaining("--cron");
    }
}
