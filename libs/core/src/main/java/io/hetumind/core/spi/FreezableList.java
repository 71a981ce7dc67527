package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The elements of an {@code ArrayNode} made by {@link Json}: an ArrayList that refuses every change once frozen. Its
 * iterators change the list through the methods below, so they refuse too.
 */
final class FreezableList extends ArrayList<JsonNode> {

    private static final long serialVersionUID = 1L;

    private boolean frozen;

    FreezableList() {}

    FreezableList(int capacity) {
        super(capacity);
    }

    /** Freezes this list after {@code child} has had each element, when it said true for all of them; returns whether. */
    boolean freezeAfter(Predicate<JsonNode> child) {
        boolean all = true;
        for (int i = 0, n = size(); i < n; i++) {
            all &= child.test(get(i));
        }
        frozen = all;
        return all;
    }

    /** A new, unfrozen list with each element deep-copied. */
    FreezableList deepCopy() {
        var copy = new FreezableList(size());
        for (int i = 0, n = size(); i < n; i++) {
            copy.add(get(i).deepCopy());
        }
        return copy;
    }

    boolean isFrozen() {
        return frozen;
    }

    private void mutable() {
        if (frozen) {
            throw Json.changeRefused();
        }
    }

    @Override
    public boolean add(JsonNode e) {
        mutable();
        return super.add(e);
    }

    @Override
    public void add(int index, JsonNode e) {
        mutable();
        super.add(index, e);
    }

    @Override
    public void addFirst(JsonNode e) {
        mutable();
        super.addFirst(e);
    }

    @Override
    public void addLast(JsonNode e) {
        mutable();
        super.addLast(e);
    }

    @Override
    public boolean addAll(Collection<? extends JsonNode> c) {
        mutable();
        return super.addAll(c);
    }

    @Override
    public boolean addAll(int index, Collection<? extends JsonNode> c) {
        mutable();
        return super.addAll(index, c);
    }

    @Override
    public JsonNode set(int index, JsonNode e) {
        mutable();
        return super.set(index, e);
    }

    @Override
    public JsonNode remove(int index) {
        mutable();
        return super.remove(index);
    }

    @Override
    public boolean remove(Object o) {
        mutable();
        return super.remove(o);
    }

    @Override
    public JsonNode removeFirst() {
        mutable();
        return super.removeFirst();
    }

    @Override
    public JsonNode removeLast() {
        mutable();
        return super.removeLast();
    }

    @Override
    public boolean removeAll(Collection<?> c) {
        mutable();
        return super.removeAll(c);
    }

    @Override
    public boolean retainAll(Collection<?> c) {
        mutable();
        return super.retainAll(c);
    }

    @Override
    public boolean removeIf(Predicate<? super JsonNode> filter) {
        mutable();
        return super.removeIf(filter);
    }

    @Override
    public void replaceAll(UnaryOperator<JsonNode> operator) {
        mutable();
        super.replaceAll(operator);
    }

    @Override
    public void sort(Comparator<? super JsonNode> c) {
        mutable();
        super.sort(c);
    }

    @Override
    public void clear() {
        mutable();
        super.clear();
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
        mutable();
        super.removeRange(fromIndex, toIndex);
    }

    @Override
    public List<JsonNode> subList(int fromIndex, int toIndex) {
        // a sub-list's set writes the backing array directly: a frozen list hands out a read-only one
        return frozen
                ? Collections.unmodifiableList(super.subList(fromIndex, toIndex))
                : super.subList(fromIndex, toIndex);
    }
}
