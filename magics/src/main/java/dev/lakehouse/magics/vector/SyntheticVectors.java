package dev.lakehouse.magics.vector;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Reproducible clustered vectors for tests, benchmarks and demos: {@code clusters} Gaussian
 * blobs around random centres. Clustered data is harder for HNSW than uniform noise (dense
 * neighbourhoods, gaps between them) and closer to real embeddings. Serializable, so Spark
 * executors can generate rows in parallel.
 */
public final class SyntheticVectors implements Serializable {
    private static final long serialVersionUID = 1L;
    private final float[][] centres;
    private final double spread;
    private final int dimension;

    public SyntheticVectors(int dimension, int clusters, double spread, long seed) {
        this.dimension = dimension;
        this.spread = spread;
        SplittableRandom random = new SplittableRandom(seed);
        this.centres = new float[clusters][dimension];
        for (float[] centre : centres) {
            for (int d = 0; d < dimension; d++) {
                centre[d] = (float) gaussian(random);
            }
        }
    }

    /** The {@code i}-th vector of the stream seeded with {@code seed}; same inputs, same vector. */
    public float[] vector(long seed, long i) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
        float[] centre = centres[random.nextInt(centres.length)];
        float[] v = new float[dimension];
        for (int d = 0; d < dimension; d++) {
            v[d] = (float) (centre[d] + spread * gaussian(random));
        }
        return v;
    }

    public int clusterOf(long seed, long i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i).nextInt(centres.length);
    }

    private static double gaussian(SplittableRandom random) {
        // Box-Muller; SplittableRandom has no nextGaussian on Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
