package dev.lakehouse.magics.vector;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Recall@k: the share of the exact top-k ids that an approximate search also returned. */
public final class RecallAtK {
    private RecallAtK() {}

    public static double of(List<Hit> approximate, List<Hit> exact) {
        if (exact.isEmpty()) {
            return 1.0;
        }
        Set<String> found = new HashSet<>();
        for (Hit hit : approximate) {
            found.add(hit.id());
        }
        long matched = exact.stream().filter(hit -> found.contains(hit.id())).count();
        return (double) matched / exact.size();
    }
}
