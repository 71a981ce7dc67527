package io.hetumind.platform.page;

import io.hetumind.platform.problem.ProblemException;
import java.util.UUID;

/** {@code ?limit&cursor} of a list request, validated: limit 1..200 (default 50), cursor opaque. */
public record PageRequest(int limit, UUID after) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    /** Parses the raw query values, so a malformed limit is a precise 400 rather than JAX-RS's 404. */
    public static PageRequest of(String limit, String cursor) {
        int l;
        try {
            l = limit == null || limit.isEmpty() ? DEFAULT_LIMIT : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        UUID after = cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor);
        return new PageRequest(l, after);
    }

    /** The smallest id to exclude: rows are fetched with {@code id > after()}. */
    public UUID afterOrMin() {
        return after == null ? new UUID(0, 0) : after;
    }
}
