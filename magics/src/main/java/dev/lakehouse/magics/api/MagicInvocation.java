package dev.lakehouse.magics.api;

import java.util.List;

/**
 * One use of a magic. {@code argv} is the line after the magic's name split like a shell would
 * (quotes group, backslash escapes); {@code body} is the rest of the cell for {@code %%name}, or
 * null for a line magic.
 */
public record MagicInvocation(String name, String rawArgs, List<String> argv, String body) {
    public boolean isCell() {
        return body != null;
    }
}
