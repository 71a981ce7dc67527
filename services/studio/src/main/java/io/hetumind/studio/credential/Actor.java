package io.hetumind.studio.credential;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import java.util.UUID;

/**
 * Who acts on credentials: a user of a tenant, and whether they administer it ({@code tenant:write}: owners and
 * admins see and manage every credential of the tenant, not only their own and those shared with them).
 */
public record Actor(UUID tenantId, UUID userId, boolean admin) {
    public static Actor of(Caller caller) {
        return new Actor(caller.tenantId(), caller.subject(), caller.has(Permission.TENANT_WRITE));
    }

    boolean mayManage(StoredCredential c) {
        return admin || userId.equals(c.ownerId());
    }

    boolean maySee(StoredCredential c) {
        return admin || c.usableBy(userId);
    }
}
