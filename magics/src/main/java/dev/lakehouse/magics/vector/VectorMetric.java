package dev.lakehouse.magics.vector;

import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.VectorUtil;

/**
 * How vectors are compared. Every metric reports a {@code _score} where higher means closer:
 * cosine similarity, the raw dot product, or {@code 1 / (1 + squared L2 distance)}.
 *
 * <p>Cosine vectors are normalised once when indexed and queried, so Lucene can use the cheaper
 * dot product on unit vectors.
 */
public enum VectorMetric {
    COSINE(VectorSimilarityFunction.DOT_PRODUCT),
    DOT(VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT),
    L2(VectorSimilarityFunction.EUCLIDEAN);

    private final VectorSimilarityFunction lucene;

    VectorMetric(VectorSimilarityFunction lucene) {
        this.lucene = lucene;
    }

    public VectorSimilarityFunction lucene() {
        return lucene;
    }

    /** The vector as it is stored and queried: a unit vector for cosine, unchanged otherwise. */
    public float[] prepare(float[] vector) {
        if (this != COSINE) {
            return vector;
        }
        double norm = 0;
        for (float v : vector) {
            norm += v * v;
        }
        if (norm == 0 || Double.isNaN(norm)) {
            throw new IllegalArgumentException("a zero (or NaN) vector has no direction, so it cannot be"
                    + " compared by cosine; use --metric l2 or dot, or drop such rows");
        }
        return VectorUtil.l2normalize(vector.clone());
    }

    /** Lucene's score, which is always positive, mapped back to this metric's natural score. */
    public double naturalScore(float luceneScore) {
        return switch (this) {
            case COSINE -> 2.0 * luceneScore - 1.0;
            case DOT -> luceneScore >= 1 ? luceneScore - 1.0 : 1.0 - 1.0 / luceneScore;
            case L2 -> luceneScore;
        };
    }

    /** Lucene's score for two prepared vectors (what the ANN graph ranks by). */
    public float luceneScore(float[] a, float[] b) {
        return lucene.compare(a, b);
    }
}
