package io.hetumind.core.engine.internal;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A lifecycle declared as a table of allowed transitions. Every transition taken is recorded,
 * so a test can prove each declared transition is exercised.
 */
public final class TransitionTable<S extends Enum<S>> {

    private final Class<S> type;
    private final Map<S, Set<S>> allowed;
    /** [from][to] taken at least once; racy writes of {@code true} are harmless and need no lock. */
    private final boolean[][] taken;

    private TransitionTable(Class<S> type, Map<S, Set<S>> allowed) {
        this.type = type;
        this.allowed = allowed;
        int n = type.getEnumConstants().length;
        this.taken = new boolean[n][n];
    }

    public static <S extends Enum<S>> Builder<S> of(Class<S> type) {
        return new Builder<>(type);
    }

    /** Returns {@code to} when the transition is declared; throws otherwise (a bug). */
    public S move(S from, S to) {
        if (!allows(from, to)) {
            throw new IllegalStateException(type.getSimpleName() + " cannot go from " + from + " to " + to);
        }
        boolean[] row = taken[from.ordinal()];
        if (!row[to.ordinal()]) {
            row[to.ordinal()] = true; // on the hot path: a plain read, a write only the first time
        }
        return to;
    }

    public boolean allows(S from, S to) {
        return allowed.getOrDefault(from, Set.of()).contains(to);
    }

    /** All declared transitions as {@code FROM->TO}. */
    public Set<String> declared() {
        Set<String> out = new LinkedHashSet<>();
        allowed.forEach((from, tos) -> tos.forEach(to -> out.add(from + "->" + to)));
        return out;
    }

    /** Transitions taken in this JVM so far. */
    public Set<String> exercised() {
        Set<String> out = new LinkedHashSet<>();
        S[] all = type.getEnumConstants();
        for (S from : all) {
            for (S to : all) {
                if (taken[from.ordinal()][to.ordinal()]) {
                    out.add(from + "->" + to);
                }
            }
        }
        return out;
    }

    /** Collects allowed transitions. */
    public static final class Builder<S extends Enum<S>> {
        private final Class<S> type;
        private final Map<S, Set<S>> allowed;

        Builder(Class<S> type) {
            this.type = type;
            this.allowed = new EnumMap<>(type);
        }

        @SafeVarargs
        public final Builder<S> from(S from, S... to) {
            allowed.computeIfAbsent(from, k -> EnumSet.noneOf(type)).addAll(Set.of(to));
            return this;
        }

        public TransitionTable<S> build() {
            return new TransitionTable<>(type, allowed);
        }
    }
}
