package dev.lakehouse.magics.spark;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.render.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Draws a {@link CellProgress} as a compact HTML progress bar and a one-line text summary. */
final class ProgressView {
    private static final int MAX_STAGE_LINES = 3;

    private ProgressView() {}

    static DisplayData render(CellProgress p) {
        return DisplayData.html(html(p), text(p));
    }

    static String text(CellProgress p) {
        CellProgress.Outcome outcome = p.outcome();
        List<String> parts = new ArrayList<>();
        parts.add("Spark: " + label(outcome));
        if (outcome == CellProgress.Outcome.RUNNING) {
            parts.add("job " + p.latestJob());
            for (CellProgress.Stage s : firstActive(p)) {
                parts.add(stageText(s));
            }
        } else {
            int[] tasks = taskTotals(p);
            parts.add(plural(p.jobs.size(), "job"));
            parts.add(plural(p.countedStages().size(), "stage"));
            parts.add(tasks[0] + "/" + tasks[1] + " tasks");
        }
        return String.join(" · ", parts);
    }

    private static String html(CellProgress p) {
        CellProgress.Outcome outcome = p.outcome();
        int[] tasks = taskTotals(p);
        StringBuilder html = new StringBuilder("<div class=\"lakehouse-progress\" style=\"font-size:smaller\">");
        html.append("<div>").append(bar(tasks[0], tasks[1], colour(outcome))).append(' ')
                .append(Html.escape(text(p))).append("</div>");
        if (outcome == CellProgress.Outcome.RUNNING) {
            for (CellProgress.Stage s : firstActive(p)) {
                html.append("<div style=\"opacity:0.75\" title=\"").append(Html.escape(s.name)).append("\">")
                        .append(bar(s.completedTasks, s.totalTasks, "#2196f3")).append(' ')
                        .append(Html.escape(stageText(s))).append("</div>");
            }
        }
        return html.append("</div>").toString();
    }

    private static String stageText(CellProgress.Stage s) {
        StringBuilder t = new StringBuilder("Stage " + s.id + ": " + s.completedTasks + "/" + s.totalTasks + " tasks");
        if (s.runningTasks > 0 || s.failedTasks > 0) {
            t.append(" (");
            if (s.runningTasks > 0) {
                t.append(s.runningTasks).append(" running");
            }
            if (s.failedTasks > 0) {
                t.append(s.runningTasks > 0 ? ", " : "").append(s.failedTasks).append(" failed");
            }
            t.append(')');
        }
        return t.toString();
    }

    private static List<CellProgress.Stage> firstActive(CellProgress p) {
        List<CellProgress.Stage> active = p.activeStages();
        return active.subList(0, Math.min(MAX_STAGE_LINES, active.size()));
    }

    /** {completed, total} over the stages that count. */
    private static int[] taskTotals(CellProgress p) {
        int done = 0;
        int total = 0;
        for (CellProgress.Stage s : p.countedStages()) {
            done += s.completedTasks;
            total += s.totalTasks;
        }
        return new int[] {done, total};
    }

    private static String bar(int done, int total, String colour) {
        double fraction = total == 0 ? 0 : Math.min(1.0, (double) done / total);
        String width = String.format(Locale.ROOT, "%.1f", fraction * 100);
        return "<span style=\"display:inline-block;width:12em;height:0.8em;background:rgba(127,127,127,0.25);"
                + "vertical-align:middle;border-radius:2px\"><span style=\"display:block;height:100%;width:"
                + width + "%;background:" + colour + ";border-radius:2px\"></span></span>";
    }

    private static String label(CellProgress.Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }

    private static String colour(CellProgress.Outcome outcome) {
        return switch (outcome) {
            case RUNNING -> "#2196f3";
            case DONE -> "#4caf50";
            case FAILED -> "#f44336";
            case CANCELLED -> "#9e9e9e";
        };
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
