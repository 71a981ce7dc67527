package io.hetumind.core.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Immutable copies of maps that keep their entries' order (Map.copyOf does not: its order changes between runs). */
public final class Maps {

    private Maps() {}

    /**
     * An unmodifiable copy in the order given, refusing null keys and values as {@link Map#copyOf} does; an
     * unmodifiable ordered map made here is returned as is.
     */
    public static <K, V> Map<K, V> ordered(Map<K, V> map) {
        if (map.isEmpty()) {
            return Map.of();
        }
        if (map instanceof Ordered<K, V>) {
            return map;
        }
        LinkedHashMap<K, V> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        map.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "null key"), Objects.requireNonNull(v, "null value")));
        return new Ordered<>(copy);
    }

    /** What {@link #ordered} makes: marks a map that needs no further copy. */
    private static final class Ordered<K, V> extends java.util.AbstractMap<K, V> {
        private final Map<K, V> entries;

        Ordered(LinkedHashMap<K, V> entries) {
            this.entries = Collections.unmodifiableMap(entries);
        }

        @Override
        public java.util.Set<Entry<K, V>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public V get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }
}
