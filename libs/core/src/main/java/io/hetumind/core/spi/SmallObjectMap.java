package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * The children of an {@code ObjectNode} made by {@link Json}: up to {@value #SMALL} fields in one array of keys and
 * values, searched in order, and a {@link LinkedHashMap} beyond that. Items are mostly small objects, and a
 * LinkedHashMap costs about 170 bytes plus 40 a field where this costs 32 plus 8 a field (a million items of two
 * fields: ~250 MB → ~60 MB), which is what lets a million items pass through several nodes in a 1 GB heap. It keeps
 * LinkedHashMap's contract as {@code ObjectNode} uses it: insertion order, a replaced value keeps its place, views
 * that write through, fail-fast iterators.
 */
final class SmallObjectMap extends AbstractMap<String, JsonNode> {

    /** Fields kept in the array; the next one moves them all into a LinkedHashMap, for good. */
    static final int SMALL = 16;

    private static final Object[] NONE = {};

    /** {@code Object[]} of key, value, key, value… while small; then the {@code LinkedHashMap}. */
    private Object store = NONE;

    private int size;
    /** Structural changes, in the low 31 bits; the sign bit says the map is frozen. */
    private int modCount;

    /** Refuses every later change (a node's output, which the nodes after it share). */
    void freeze() {
        modCount |= Integer.MIN_VALUE;
    }

    /**
     * Freezes this map after {@code child} has had each value (children first, with no iterator or entry made: the
     * engine does this for every object a node outputs), when {@code child} said true for all of them (a frozen map's
     * whole tree is frozen); returns whether it did.
     */
    boolean freezeAfter(Predicate<JsonNode> child) {
        boolean all = true;
        var large = large();
        if (large != null) {
            for (JsonNode value : large.values()) {
                all &= child.test(value);
            }
        } else {
            Object[] slots = slots();
            for (int i = 1, n = size * 2; i < n; i += 2) {
                all &= child.test((JsonNode) slots[i]);
            }
        }
        if (all) {
            freeze();
        }
        return all;
    }

    /** A new, unfrozen map with each value deep-copied, made array to array (no entry objects). */
    SmallObjectMap deepCopy() {
        var copy = new SmallObjectMap();
        var large = large();
        if (large != null) {
            var map = new LinkedHashMap<String, JsonNode>(Math.max(SMALL * 4, large.size() * 2));
            large.forEach((k, v) -> map.put(k, v.deepCopy()));
            copy.store = map;
            return copy;
        }
        if (size > 0) {
            Object[] slots = slots();
            Object[] copied = Arrays.copyOf(slots, slots.length);
            for (int i = 1, n = size * 2; i < n; i += 2) {
                copied[i] = ((JsonNode) slots[i]).deepCopy();
            }
            copy.store = copied;
            copy.size = size;
        }
        return copy;
    }

    boolean isFrozen() {
        return modCount < 0;
    }

    private void mutable() {
        if (modCount < 0) {
            throw Json.changeRefused();
        }
    }

    private void changed() {
        modCount = (modCount + 1) & Integer.MAX_VALUE;
    }

    private int shape() {
        return modCount & Integer.MAX_VALUE;
    }

    @SuppressWarnings("unchecked")
    private LinkedHashMap<String, JsonNode> large() {
        return store instanceof LinkedHashMap<?, ?> map ? (LinkedHashMap<String, JsonNode>) map : null;
    }

    private Object[] slots() {
        return (Object[]) store;
    }

    private int indexOf(Object key) {
        Object[] slots = slots();
        for (int i = 0, n = size * 2; i < n; i += 2) {
            Object k = slots[i];
            if (k == key || (key != null && key.equals(k))) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        var large = large();
        return large != null ? large.size() : size;
    }

    @Override
    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public JsonNode get(Object key) {
        var large = large();
        if (large != null) {
            return large.get(key);
        }
        int i = indexOf(key);
        return i < 0 ? null : (JsonNode) slots()[i + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        var large = large();
        return large != null ? large.containsKey(key) : indexOf(key) >= 0;
    }

    @Override
    public JsonNode put(String key, JsonNode value) {
        mutable();
        var large = large();
        if (large != null) {
            return large.put(key, value);
        }
        int i = indexOf(key);
        Object[] slots = slots();
        if (i >= 0) {
            JsonNode old = (JsonNode) slots[i + 1];
            slots[i + 1] = value;
            return old;
        }
        if (size == SMALL) {
            var map = new LinkedHashMap<String, JsonNode>(SMALL * 4);
            forEach(map::put);
            map.put(key, value);
            store = map;
            changed(); // an iterator of the small form fails at its next step
            return null;
        }
        if (size * 2 == slots.length) {
            slots = Arrays.copyOf(slots, Math.max(4, slots.length * 2));
            store = slots;
        }
        slots[size * 2] = key;
        slots[size * 2 + 1] = value;
        size++;
        changed();
        return null;
    }

    @Override
    public JsonNode remove(Object key) {
        mutable();
        var large = large();
        if (large != null) {
            return large.remove(key);
        }
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        JsonNode old = (JsonNode) slots()[i + 1];
        removeAt(i);
        return old;
    }

    private void removeAt(int i) {
        mutable();
        Object[] slots = slots();
        int n = size * 2;
        System.arraycopy(slots, i + 2, slots, i, n - i - 2);
        slots[n - 2] = null;
        slots[n - 1] = null;
        size--;
        changed();
    }

    @Override
    public void clear() {
        mutable();
        var large = large();
        if (large != null) {
            large.clear();
            return;
        }
        Arrays.fill(slots(), 0, size * 2, null);
        size = 0;
        changed();
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super JsonNode> action) {
        var large = large();
        if (large != null) {
            large.forEach(action);
            return;
        }
        int expected = shape();
        Object[] slots = slots();
        for (int i = 0, n = size * 2; i < n; i += 2) {
            action.accept((String) slots[i], (JsonNode) slots[i + 1]);
            if (shape() != expected) {
                throw new ConcurrentModificationException();
            }
        }
    }

    @Override
    public Set<Map.Entry<String, JsonNode>> entrySet() {
        var large = large();
        if (large == null) {
            return new Entries();
        }
        return isFrozen() ? Collections.unmodifiableMap(large).entrySet() : large.entrySet();
    }

    /** The entries of the small form; made on each call (no field holds it: items are many, views are brief). */
    private final class Entries extends AbstractSet<Map.Entry<String, JsonNode>> {

        @Override
        public int size() {
            return SmallObjectMap.this.size();
        }

        @Override
        public void clear() {
            SmallObjectMap.this.clear();
        }

        @Override
        public Iterator<Map.Entry<String, JsonNode>> iterator() {
            var large = large();
            return large != null ? entrySet().iterator() : new Cursor();
        }
    }

    private final class Cursor implements Iterator<Map.Entry<String, JsonNode>> {

        private int next;
        private int last = -1;
        private int expected = shape();

        @Override
        public boolean hasNext() {
            return next < size * 2;
        }

        @Override
        public Map.Entry<String, JsonNode> next() {
            if (shape() != expected || !(store instanceof Object[])) {
                throw new ConcurrentModificationException();
            }
            if (next >= size * 2) {
                throw new NoSuchElementException();
            }
            last = next;
            next += 2;
            return new Slot(last, expected);
        }

        @Override
        public void remove() {
            if (last < 0) {
                throw new IllegalStateException();
            }
            if (shape() != expected) {
                throw new ConcurrentModificationException();
            }
            removeAt(last);
            next = last;
            last = -1;
            expected = shape();
        }
    }

    /**
     * One entry: reads and writes its slot while the map keeps its shape, then goes by its key (as a LinkedHashMap
     * entry stays usable after other fields change), keeping the last value it saw once its key is gone.
     */
    private final class Slot implements Map.Entry<String, JsonNode> {

        private final String key;
        private final int index;
        private final int shape;
        private JsonNode seen;

        Slot(int index, int shape) {
            this.key = (String) slots()[index];
            this.seen = (JsonNode) slots()[index + 1];
            this.index = index;
            this.shape = shape;
        }

        private boolean inPlace() {
            return shape() == shape && store instanceof Object[];
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public JsonNode getValue() {
            if (inPlace()) {
                seen = (JsonNode) slots()[index + 1];
            } else if (containsKey(key)) {
                seen = get(key);
            }
            return seen;
        }

        @Override
        public JsonNode setValue(JsonNode value) {
            mutable();
            JsonNode old = getValue();
            if (inPlace()) {
                slots()[index + 1] = value;
            } else if (containsKey(key)) {
                put(key, value);
            }
            seen = value;
            return old;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e
                    && Objects.equals(key, e.getKey())
                    && Objects.equals(getValue(), e.getValue());
        }

        @Override
        public int hashCode() {
            return Objects.hashCode(key) ^ Objects.hashCode(getValue());
        }

        @Override
        public String toString() {
            return key + "=" + getValue();
        }
    }
}
