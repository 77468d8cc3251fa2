package dev.lakehouse.magics.api;

import java.util.List;

/**
 * One use of a magic. {@code rawArgs} is the line after the magic's name exactly as typed;
 * {@code body} is the rest of the cell for {@code %%name}, or null for a line magic.
 */
public record MagicInvocation(String name, String rawArgs, String body) {
    public boolean isCell() {
        return body != null;
    }

    /**
     * The line split like a shell would (quotes group, backslash escapes). Split on demand, so a
     * magic that reads {@link #rawArgs} itself (such as {@code %sql}, whose SQL may hold a lone
     * quote) never fails on a line a shell could not split.
     *
     * @throws MagicException if a quote is left open
     */
    public List<String> argv() {
        return ArgSplitter.split(rawArgs);
    }

    /** True when an unquoted {@code --help} or {@code -h} is among the arguments. */
    public boolean asksForHelp() {
        return ArgSplitter.unquotedWords(rawArgs).stream().anyMatch(w -> w.equals("--help") || w.equals("-h"));
    }
}
