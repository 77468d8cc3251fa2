package dev.lakehouse.export.cli;

import dev.lakehouse.export.validation.Problem;

import java.io.PrintWriter;
import java.util.List;

/** Prints problems one per line and returns the exit code for them. */
final class ProblemPrinter {

    private ProblemPrinter() {
    }

    static int print(PrintWriter err, List<Problem> problems) {
        problems.forEach(problem -> err.println("error: " + problem));
        err.println(problems.size() + (problems.size() == 1 ? " problem" : " problems"));
        err.flush();
        return ExitCodes.PROBLEMS;
    }
}
