package dev.lakehouse.kernel.protocol;

import java.util.LinkedHashMap;
import java.util.Map;

/** Remembers the last 2^16 signatures and rejects a message whose signature was already seen. */
public final class ReplayGuard {
    private static final int CAPACITY = 1 << 16;
    private final Map<String, Boolean> seen = new LinkedHashMap<>(CAPACITY, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    /** True the first time a signature is presented; false for a replay. */
    public synchronized boolean firstSighting(String signature) {
        if (signature == null || signature.isEmpty()) {
            return true;
        }
        return seen.putIfAbsent(signature, Boolean.TRUE) == null;
    }
}
