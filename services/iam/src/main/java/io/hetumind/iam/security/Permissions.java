package io.hetumind.iam.security;

import io.hetumind.platform.problem.ProblemException;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The permission names Hetumind knows; roles and API keys may only carry these. */
public final class Permissions {
    /** Held by the instance's first user: instance-wide operations such as key rotation. */
    public static final String INSTANCE_ADMIN = "instance:admin";

    public static final Set<String> KNOWN = Set.of(
            "workflow:read",
            "workflow:write",
            "execution:run",
            "credential:use",
            "credential:write",
            "job:read",
            "job:write",
            "agent:register",
            "tenant:write",
            "tenant:delete",
            "user:read",
            "user:write",
            "role:write",
            "apikey:write",
            "agenttoken:write",
            "audit:read");

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
            if (!KNOWN.contains(p)) {
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
