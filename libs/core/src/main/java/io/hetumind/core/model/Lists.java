package io.hetumind.core.model;

import java.util.ArrayList;
import java.util.List;

/** Immutable copies of nested lists that skip the copy when a level is already immutable. */
public final class Lists {

    private static final Class<?> IMMUTABLE = List.of().getClass().getSuperclass();

    private Lists() {}

    /** An immutable list of immutable lists with the same elements. */
    public static <T> List<List<T>> immutable(List<List<T>> lists) {
        if (lists.size() == 1) { // most nodes have one output: no intermediate copies
            List<T> only = lists.getFirst();
            List<T> fixed = isImmutable(only) ? only : List.copyOf(only);
            return fixed == only && isImmutable(lists) ? lists : List.of(fixed);
        }
        boolean copyOuter = !isImmutable(lists);
        List<List<T>> out = copyOuter ? new ArrayList<>(lists.size()) : null;
        for (int i = 0; i < lists.size(); i++) {
            List<T> inner = lists.get(i);
            List<T> fixed = isImmutable(inner) ? inner : List.copyOf(inner);
            if (out == null && fixed != inner) {
                out = new ArrayList<>(lists.subList(0, i));
            }
            if (out != null) {
                out.add(fixed);
            }
        }
        return out == null ? lists : List.copyOf(out);
    }

    private static boolean isImmutable(List<?> list) {
        return IMMUTABLE.isInstance(list);
    }
}
