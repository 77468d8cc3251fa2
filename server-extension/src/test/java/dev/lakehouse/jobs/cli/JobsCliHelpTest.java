package dev.lakehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakehouse.cli.LakehouseCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JobsCliHelpTest {
    @Test
    void everyJobsAndRunsCommandAnswersHelp() {
        List<List<String>> commands = List.of(
                List.of("jobs"), List.of("jobs", "serve"), List.of("jobs", "create"), List.of("jobs", "list"),
                List.of("jobs", "get"), List.of("jobs", "pause"), List.of("jobs", "resume"), List.of("jobs", "run"),
                List.of("jobs", "delete"), List.of("runs"), List.of("runs", "list"), List.of("runs", "get"),
                List.of("runs", "cancel"), List.of("runs", "repair"), List.of("runs", "output"), List.of("runs", "logs"));
        assertThat(commandPaths()).as("every jobs/runs command is listed here").containsExactlyInAnyOrderElementsOf(commands);
        for (List<String> command : commands) {
            StringWriter out = new StringWriter();
            CommandLine cli = new CommandLine(new LakehouseCli());
            cli.setOut(new PrintWriter(out));
            String[] args = java.util.stream.Stream.concat(command.stream(), java.util.stream.Stream.of("--help"))
                    .toArray(String[]::new);
            assertThat(cli.execute(args)).as(String.join(" ", command)).isZero();
            assertThat(out.toString()).as(String.join(" ", command)).contains("Usage: lakehouse " + String.join(" ", command))
                    .contains("Example");
        }
    }

    @Test
    void everyOptionAndArgumentIsExplainedWithAMeaningfulLabel() {
        for (String group : List.of("jobs", "runs")) {
            walk(new CommandLine(new LakehouseCli()).getSubcommands().get(group), spec -> {
                String name = spec.qualifiedName();
                assertThat(spec.usageMessage().description()).as(name + " description").isNotEmpty();
                for (CommandLine.Model.OptionSpec option : spec.options()) {
                    assertThat(String.join(" ", option.description())).as(name + " " + option.longestName()).isNotBlank();
                    if (option.arity().max() > 0) {
                        assertThat(option.paramLabel()).as(name + " " + option.longestName() + " label").doesNotStartWith("<");
                    }
                }
                for (CommandLine.Model.PositionalParamSpec parameter : spec.positionalParameters()) {
                    assertThat(String.join(" ", parameter.description())).as(name + " " + parameter.paramLabel()).isNotBlank();
                }
            });
        }
    }

    private static List<List<String>> commandPaths() {
        List<List<String>> paths = new java.util.ArrayList<>();
        for (String group : List.of("jobs", "runs")) {
            walk(new CommandLine(new LakehouseCli()).getSubcommands().get(group), spec -> {
                List<String> path = List.of(spec.qualifiedName().split(" "));
                paths.add(path.subList(1, path.size()));
            });
        }
        return paths;
    }

    private static void walk(CommandLine command, java.util.function.Consumer<CommandLine.Model.CommandSpec> visit) {
        visit.accept(command.getCommandSpec());
        command.getSubcommands().values().forEach(sub -> walk(sub, visit));
    }

    @Test
    void clientCommandWithoutAServiceSaysHowToStartOne() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new LakehouseCli());
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            int code = cli.execute("jobs", "list", "--url", "http://127.0.0.1:9", "--token-file", "/nonexistent/token");
            assertThat(code).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(captured.toString()).contains("no API token at /nonexistent/token");
        assertThat(err.toString()).isEmpty();
    }
}
