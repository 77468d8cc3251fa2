package dev.lakehouse.kernel.deps;

import dev.lakehouse.magics.api.DisplayData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Renders added (and skipped) jars as text/plain plus an HTML table. */
final class ClasspathReport {
    record Row(Path path, String origin) {}

    private ClasspathReport() {}

    static DisplayData of(String heading, List<Row> added, List<Resolution.SkippedArtifact> skipped) {
        StringBuilder text = new StringBuilder(heading).append('\n');
        StringBuilder html = new StringBuilder("<div class=\"lakehouse-classpath\"><p>").append(escape(heading)).append("</p>");
        if (!added.isEmpty()) {
            html.append("<table><thead><tr><th style=\"text-align:left\">Jar</th><th style=\"text-align:right\">Size</th>"
                    + "<th style=\"text-align:left\">From</th></tr></thead><tbody>");
            for (Row row : added) {
                String name = String.valueOf(row.path().getFileName());
                String size = size(row.path());
                text.append(String.format(Locale.ROOT, "  %-45s %10s  %s%n", name, size, row.origin()));
                html.append("<tr><td title=\"").append(escape(row.path().toString())).append("\"><code>")
                        .append(escape(name)).append("</code></td><td style=\"text-align:right\">").append(size)
                        .append("</td><td>").append(escape(row.origin())).append("</td></tr>");
            }
            html.append("</tbody></table>");
        }
        if (!skipped.isEmpty()) {
            String skippedHeading = "Skipped " + skipped.size() + " already on the classpath (the kernel's version is used):";
            text.append(skippedHeading).append('\n');
            html.append("<p>").append(escape(skippedHeading)).append("</p><table><thead><tr>"
                    + "<th style=\"text-align:left\">Requested</th><th style=\"text-align:left\">Provided by</th>"
                    + "</tr></thead><tbody>");
            for (Resolution.SkippedArtifact artifact : skipped) {
                String provider = String.valueOf(artifact.providedBy().getFileName());
                text.append("  ").append(artifact.coordinate()).append(" -> ").append(provider).append('\n');
                html.append("<tr><td><code>").append(escape(artifact.coordinate())).append("</code></td><td title=\"")
                        .append(escape(artifact.providedBy().toString())).append("\"><code>").append(escape(provider))
                        .append("</code></td></tr>");
            }
            html.append("</tbody></table>");
        }
        html.append("</div>");
        return DisplayData.html(html.toString(), text.toString().stripTrailing());
    }

    static String size(Path path) {
        if (Files.isDirectory(path)) {
            return "folder";
        }
        try {
            long bytes = Files.size(path);
            if (bytes < 1024) {
                return bytes + " B";
            }
            if (bytes < 1024 * 1024) {
                return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
            }
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        } catch (IOException e) {
            return "?";
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
