package dev.lakehouse.magics.vector;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (384 dimensions, unit length), run in-process on
 * ONNX Runtime from the model bundled in the jar: no network, no Python.
 *
 * <pre>{@code
 * float[][] vectors = Embeddings.embed("a red bicycle", "a blue car");
 * float[] one = Embeddings.embedOne("a red bicycle");
 * }</pre>
 *
 * The model loads on first use (about a second) and once per JVM, so each Spark executor loads it
 * lazily the first time one of its tasks embeds.
 */
public final class Embeddings {
    public static final String MODEL = "all-MiniLM-L6-v2";
    /** The {@code --embed} name of the model. */
    public static final String MODEL_OPTION = "minilm";
    public static final int DIMENSION = 384;

    private Embeddings() {}

    /** One vector per text, in order; the texts are embedded in parallel on this machine's cores. */
    public static float[][] embed(String... texts) {
        return embed(Arrays.asList(texts));
    }

    public static float[][] embed(List<String> texts) {
        return embedWith(Models.PARALLEL, texts);
    }

    public static float[] embedOne(String text) {
        return embedWith(Models.IN_CALLING_THREAD, List.of(text))[0];
    }

    /** Embeds in the calling thread only: Spark tasks are already one per core. */
    static float[][] embedInCallingThread(List<String> texts) {
        return embedWith(Models.IN_CALLING_THREAD, texts);
    }

    private static float[][] embedWith(AllMiniLmL6V2EmbeddingModel model, List<String> texts) {
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            if (text == null || text.isBlank()) {
                throw new IllegalArgumentException("text " + i + " is " + (text == null ? "null" : "blank")
                        + "; only non-blank text can be embedded");
            }
            segments.add(TextSegment.from(text));
        }
        if (segments.isEmpty()) {
            return new float[0][];
        }
        List<Embedding> embeddings = model.embedAll(segments).content();
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = embeddings.get(i).vector();
        }
        return vectors;
    }

    /** Both wrappers share the one ONNX session the model class loads statically. */
    private static final class Models {
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(), runnable -> {
                    Thread thread = new Thread(runnable, "embeddings");
                    thread.setDaemon(true);
                    return thread;
                });
        static final AllMiniLmL6V2EmbeddingModel PARALLEL = new AllMiniLmL6V2EmbeddingModel(POOL);
        static final AllMiniLmL6V2EmbeddingModel IN_CALLING_THREAD = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }
}
