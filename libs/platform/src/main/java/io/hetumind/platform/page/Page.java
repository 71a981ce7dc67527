package io.hetumind.platform.page;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** One page of a list: the items and, when more follow, the cursor that fetches them. */
public record Page<T>(List<T> items, @JsonInclude(JsonInclude.Include.ALWAYS) String nextCursor) {

    /**
     * Builds a page from {@code rows} fetched with {@code limit + 1}: the extra row only signals that another page
     * exists.
     */
    public static <R, T> Page<T> of(List<R> rows, PageRequest request, Function<R, UUID> id, Function<R, T> map) {
        boolean more = rows.size() > request.limit();
        List<R> kept = more ? rows.subList(0, request.limit()) : rows;
        String next = more ? Cursor.encode(id.apply(kept.getLast())) : null;
        return new Page<>(kept.stream().map(map).toList(), next);
    }
}
