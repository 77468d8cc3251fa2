package dev.lakehouse.export.validation;

import java.util.Collection;
import java.util.Optional;

/** Suggests the closest known name for a misspelt one (edit distance, case-insensitive). */
public final class DidYouMean {

    private DidYouMean() {
    }

    public static Optional<String> closest(String wrong, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(wrong.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int tolerated = Math.max(2, wrong.length() / 3);
        if (best != null && bestDistance <= tolerated && !best.equals(wrong)) {
            return Optional.of(best);
        }
        // "retries" for "max_retries": a known name that contains the wrong one is a good guess too.
        if (wrong.length() >= 4) {
            return known.stream().filter(k -> k.toLowerCase().contains(wrong.toLowerCase()) && !k.equals(wrong)).findFirst();
        }
        return Optional.empty();
    }

    /** {@code " (did you mean \"x\"?)"} or an empty string, ready to append to a message. */
    public static String hint(String wrong, Collection<String> known) {
        return closest(wrong, known).map(s -> " (did you mean \"" + s + "\"?)").orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
