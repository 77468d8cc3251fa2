package dev.lakehouse.magics.mlflow;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The sources of the cells a kernel has run, in order: hashed into a run's tags, saved as its artifact. */
public final class CellSources {
    private final List<String> sources = new ArrayList<>();

    public synchronized void record(String source) {
        sources.add(source);
    }

    public synchronized int count() {
        return sources.size();
    }

    /** SHA-256 over every cell, each prefixed by its length so cell boundaries count. */
    public synchronized String sha256() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String source : sources) {
                byte[] bytes = source.getBytes(StandardCharsets.UTF_8);
                digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
                digest.update(bytes);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** All cells as one Java-ish file, each under a {@code // ---- cell N} marker. */
    public synchronized String text() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < sources.size(); i++) {
            out.append("// ---- cell ").append(i + 1).append('\n').append(sources.get(i));
            if (!sources.get(i).endsWith("\n")) {
                out.append('\n');
            }
        }
        return out.toString();
    }
}
