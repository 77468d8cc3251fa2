package dev.lakehouse.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** Tables and times for the client commands. */
final class Printing {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Printing() {}

    static String time(JsonNode millis) {
        return millis == null || millis.isNull() || millis.isMissingNode() ? "-" : TIME.format(Instant.ofEpochMilli(millis.asLong()));
    }

    static String duration(JsonNode start, JsonNode end) {
        if (start == null || start.isNull() || end == null || end.isNull()) {
            return "-";
        }
        return String.format("%.1fs", (end.asLong() - start.asLong()) / 1000.0);
    }

    static String state(JsonNode state) {
        String life = state.path("life_cycle_state").asText();
        String result = state.path("result_state").asText("");
        return result.isEmpty() ? life : life + "/" + result;
    }

    static void json(PrintStream out, JsonNode node) throws Exception {
        out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(node));
    }

    static void table(PrintStream out, List<String> header, List<List<String>> rows) {
        List<Integer> widths = new ArrayList<>();
        for (int c = 0; c < header.size(); c++) {
            int width = header.get(c).length();
            for (List<String> row : rows) {
                width = Math.max(width, row.get(c).length());
            }
            widths.add(width);
        }
        out.println(line(header, widths));
        for (List<String> row : rows) {
            out.println(line(row, widths));
        }
    }

    private static String line(List<String> cells, List<Integer> widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            line.append(c == cells.size() - 1 ? cells.get(c) : String.format("%-" + widths.get(c) + "s  ", cells.get(c)));
        }
        return line.toString().stripTrailing();
    }
}
