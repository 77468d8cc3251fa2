package dev.lakehouse.kernel.builtin;

import dev.lakehouse.magics.api.DisplayData;
import dev.lakehouse.magics.api.Magic;
import dev.lakehouse.magics.api.MagicContext;
import dev.lakehouse.magics.api.MagicInvocation;
import dev.lakehouse.magics.api.MagicKind;
import dev.lakehouse.magics.api.MagicRegistry;

/** {@code %lsmagic}: every magic with its one-line summary. */
public final class LsMagic implements Magic {
    private final MagicRegistry registry;

    public LsMagic(MagicRegistry registry) {
        this.registry = registry;
    }

    @Override
    public String name() {
        return "lsmagic";
    }

    @Override
    public MagicKind kind() {
        return MagicKind.LINE;
    }

    @Override
    public String summary() {
        return "List the available magics";
    }

    @Override
    public String help() {
        return "Usage: %lsmagic\n\nLists every line (%name) and cell (%%name) magic with a summary.\n"
                + "Add --help after any magic for its options, e.g. %sql --help.";
    }

    @Override
    public Object run(MagicInvocation invocation, MagicContext context) {
        StringBuilder text = new StringBuilder("Available magics (add --help to any for details):\n");
        StringBuilder html = new StringBuilder("<table><thead><tr><th style=\"text-align:left\">Magic</th>"
                + "<th style=\"text-align:left\">What it does</th></tr></thead><tbody>");
        for (Magic m : registry.all()) {
            String usage = switch (m.kind()) {
                case LINE -> "%" + m.name();
                case CELL -> "%%" + m.name();
                case LINE_AND_CELL -> "%" + m.name() + ", %%" + m.name();
            };
            text.append(String.format("  %-22s %s%n", usage, m.summary()));
            html.append("<tr><td><code>").append(escape(usage)).append("</code></td><td>")
                    .append(escape(m.summary())).append("</td></tr>");
        }
        html.append("</tbody></table>");
        return DisplayData.html(html.toString(), text.toString());
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
