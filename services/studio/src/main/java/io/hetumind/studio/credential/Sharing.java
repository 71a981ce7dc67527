package io.hetumind.studio.credential;

import io.hetumind.platform.problem.ProblemException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Who besides its owner may use a credential: every member of the tenant (IAM's tenant is the team), or the listed
 * users. Users only ever act inside the tenant of their token, so listing someone who is not a member grants nothing.
 */
public record Sharing(boolean tenant, List<UUID> users) {
    static final int MAX_USERS = 100;
    public static final Sharing PRIVATE = new Sharing(false, List.of());

    public Sharing {
        users = users == null ? List.of() : List.copyOf(new LinkedHashSet<>(users));
        if (users.size() > MAX_USERS) {
            throw ProblemException.invalid("sharing.users", "lists at most " + MAX_USERS + " users");
        }
    }
}
