package io.hetumind.iam.security;

import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Permission;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The permission names Hetumind knows; roles and API keys may only carry these. */
public final class Permissions {
    /** Held by the instance's first user: instance-wide operations such as key rotation. */
    public static final String INSTANCE_ADMIN = Permission.INSTANCE_ADMIN.value();

    private Permissions() {}

    public static List<String> parse(String spaceSeparated) {
        return spaceSeparated == null || spaceSeparated.isBlank()
                ? List.of()
                : Arrays.stream(spaceSeparated.trim().split("\\s+")).toList();
    }

    /** Validates and normalises a requested set: known names only, and none the caller lacks (no escalation). */
    public static String checked(String field, Collection<String> requested, Set<String> callerHas) {
        TreeSet<String> out = new TreeSet<>();
        for (String p : requested) {
            if (Permission.of(p).isEmpty() || Permission.INSTANCE_ADMIN.value().equals(p)) {
                throw ProblemException.invalid(field, "unknown permission '" + p + "'");
            }
            if (!callerHas.contains(p)) {
                throw ProblemException.forbidden("cannot grant '" + p + "', which the caller does not hold");
            }
            out.add(p);
        }
        return String.join(" ", out);
    }
}
