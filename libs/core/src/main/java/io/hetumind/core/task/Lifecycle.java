package io.hetumind.core.task;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A lifecycle declared as a transition table. Code that changes a state asks {@link #check} (or {@link #from} to guard
 * an SQL update); every transition taken is recorded, so a test can prove each declared one is exercised.
 */
public final class Lifecycle<S extends Enum<S>> {
    /** One allowed move and what causes it. */
    public record Transition<S>(S from, S to, String cause) {}

    private final Class<S> type;
    private final List<Transition<S>> table;
    private final Set<Transition<S>> exercised = ConcurrentHashMap.newKeySet();

    @SafeVarargs
    public Lifecycle(Class<S> type, Transition<S>... table) {
        this.type = type;
        this.table = List.of(table);
    }

    public static <S> Transition<S> t(S from, S to, String cause) {
        return new Transition<>(from, to, cause);
    }

    public List<Transition<S>> transitions() {
        return table;
    }

    /** Whether {@code from → to} is declared. */
    public boolean allows(S from, S to) {
        return find(from, to) != null;
    }

    /** Records and returns the declared transition, or fails naming the illegal move. */
    public Transition<S> check(S from, S to) {
        Transition<S> t = find(from, to);
        if (t == null) {
            throw new IllegalStateException(type.getSimpleName() + " cannot go from " + from + " to " + to);
        }
        exercised.add(t);
        return t;
    }

    /** The states {@code to} may be entered from (for guarded updates: {@code WHERE status = ANY(from)}). */
    public Set<S> from(S to) {
        EnumSet<S> out = EnumSet.noneOf(type);
        table.stream().filter(t -> t.to() == to).forEach(t -> out.add(t.from()));
        return out;
    }

    /** Records a transition that happened in a guarded update (the guard already proved it legal). */
    public void taken(S from, S to) {
        check(from, to);
    }

    /** The transitions taken since start-up, in table order. */
    public Set<Transition<S>> exercised() {
        Set<Transition<S>> out = new LinkedHashSet<>();
        table.stream().filter(exercised::contains).forEach(out::add);
        return Collections.unmodifiableSet(out);
    }

    /** The declared transitions never taken since start-up. */
    public List<Transition<S>> unexercised() {
        return table.stream().filter(t -> !exercised.contains(t)).toList();
    }

    private Transition<S> find(S from, S to) {
        for (Transition<S> t : table) {
            if (t.from() == from && t.to() == to) {
                return t;
            }
        }
        return null;
    }
}
