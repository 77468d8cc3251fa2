package dev.lakehouse.magics.api;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Name-to-magic lookup. Built-ins are added by the kernel; extensions come from ServiceLoader. */
public final class MagicRegistry {
    private final TreeMap<String, Magic> magics = new TreeMap<>();

    public MagicRegistry register(Magic magic) {
        magics.put(magic.name(), magic);
        return this;
    }

    public MagicRegistry registerServiceLoaded(ClassLoader loader) {
        for (Magic magic : ServiceLoader.load(Magic.class, loader)) {
            register(magic);
        }
        return this;
    }

    public Optional<Magic> find(String name) {
        return Optional.ofNullable(magics.get(name));
    }

    public Collection<Magic> all() {
        return Collections.unmodifiableCollection(magics.values());
    }

    /** Names close to {@code name}, for "did you mean" hints. */
    public java.util.List<String> closest(String name) {
        return Suggestions.closest(name, magics.keySet(), 3);
    }
}
