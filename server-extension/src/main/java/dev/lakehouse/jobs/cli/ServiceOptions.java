package dev.lakehouse.jobs.cli;

import dev.lakehouse.jobs.JobsConfig;
import dev.lakehouse.jobs.client.JobsClient;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How the client commands find the service (mixed into each of them). */
public final class ServiceOptions {
    @Option(names = "--url", paramLabel = "URL",
            description = "the service, e.g. http://127.0.0.1:8777 (default: LAKEHOUSE_JOBS_URL, else service.json in the data dir)")
    String url;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "file holding the API token (default: LAKEHOUSE_JOBS_TOKEN_FILE, else DATA_DIR/jobs/token)")
    Path tokenFile;

    @Option(names = "--json", description = "print the service's JSON answer instead of a table")
    boolean json;

    JobsClient client() throws IOException {
        return JobsClient.discover(url, tokenFile, JobsConfig.defaultStateDirectory(System.getenv()), System.getenv());
    }
}
