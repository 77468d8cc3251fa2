package dev.lakehouse.jobs.testing;

import dev.lakehouse.jobs.engine.TaskLauncher;
import dev.lakehouse.kernel.install.KernelJvmFlags;
import java.io.File;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Spark standalone master and workers on 127.0.0.1, started from the Maven jars on this JVM's
 * classpath. Workers need SPARK_HOME with the Spark classpath in {@code jars/} and
 * SPARK_SCALA_VERSION, or their executors fail with "Cannot find any build directories".
 */
public final class SparkStandaloneCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path directory;
    private final int port;

    private final int webUiPort;

    private SparkStandaloneCluster(Path directory, int port, int webUiPort) {
        this.directory = directory;
        this.port = port;
        this.webUiPort = webUiPort;
    }

    public static SparkStandaloneCluster start(Path directory, int workers) throws Exception {
        Path jars = Files.createDirectories(directory.resolve("spark-home/jars"));
        for (String entry : TaskLauncher.currentClasspath().split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (entry.endsWith(".jar") && !Files.exists(jars.resolve(jar.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
            }
        }
        SparkStandaloneCluster cluster = new SparkStandaloneCluster(directory, ServiceProcess.freePort(), ServiceProcess.freePort());
        try {
            cluster.launch("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                    Integer.toString(cluster.port), "--webui-port", Integer.toString(cluster.webUiPort));
            for (int i = 1; i <= workers; i++) {
                cluster.launch("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                        "--memory", "1g", "--webui-port", Integer.toString(ServiceProcess.freePort()),
                        "--work-dir", directory.resolve("work-" + i).toString(), cluster.masterUrl());
            }
            // The master's web UI reports registered workers as JSON (its log shows only errors here).
            HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.ALWAYS).build();
            Await.until(workers + " workers registered", Duration.ofSeconds(120), () -> new ObjectMapper().readTree(http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.webUiPort + "/json/")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("aliveworkers").asInt(), alive -> alive >= workers);
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    public Path log(String name) {
        return directory.resolve(name + ".log");
    }

    private void launch(String name, String mainClass, String... arguments) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(TaskLauncher.currentJavaBinary());
        command.addAll(KernelJvmFlags.sparkModuleFlags());
        command.addAll(List.of("-Xmx512m", "-cp", TaskLauncher.currentClasspath(), mainClass));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        builder.environment().put("SPARK_HOME", directory.resolve("spark-home").toString());
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        processes.add(builder.start());
    }

    @Override
    public void close() throws Exception {
        for (Process process : processes) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : processes) {
            process.waitFor();
        }
        // The jar links point into ~/.m2; removed here, JUnit's temp-dir cleanup has nothing to warn about.
        try (var links = Files.list(directory.resolve("spark-home/jars"))) {
            for (Path link : links.toList()) {
                Files.deleteIfExists(link);
            }
        }
    }
}
