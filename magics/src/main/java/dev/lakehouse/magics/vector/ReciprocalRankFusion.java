package dev.lakehouse.magics.vector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack et al., 2009): a hit's fused score is the sum over the ranked
 * lists of {@code 1 / (constant + rank)}. It needs no score calibration between BM25 and vector
 * similarity, which live on unrelated scales.
 */
final class ReciprocalRankFusion {
    static final int DEFAULT_CONSTANT = 60;

    private ReciprocalRankFusion() {}

    static List<Hit> fuse(List<List<Hit>> rankings, int k, int constant) {
        Map<String, Double> scores = new LinkedHashMap<>();
        Map<String, Hit> firstSeen = new LinkedHashMap<>();
        for (List<Hit> ranking : rankings) {
            for (int rank = 0; rank < ranking.size(); rank++) {
                Hit hit = ranking.get(rank);
                scores.merge(hit.id(), 1.0 / (constant + rank + 1), Double::sum);
                firstSeen.putIfAbsent(hit.id(), hit);
            }
        }
        List<Hit> fused = new ArrayList<>(scores.size());
        for (Map.Entry<String, Double> e : scores.entrySet()) {
            Hit hit = firstSeen.get(e.getKey());
            fused.add(new Hit(hit.id(), e.getValue(), hit.storedRow()));
        }
        fused.sort((a, b) -> Double.compare(b.score(), a.score()));
        return fused.subList(0, Math.min(k, fused.size()));
    }
}
