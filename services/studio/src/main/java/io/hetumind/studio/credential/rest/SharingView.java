package io.hetumind.studio.credential.rest;

import io.hetumind.studio.credential.Sharing;
import java.util.List;
import java.util.UUID;

/**
 * Who besides the owner may use a credential: the whole tenant ({@code tenant: true}) and/or these user ids.
 *
 * @param tenant every member of the tenant (absent: false)
 * @param users users of the tenant (absent: none)
 */
public record SharingView(Boolean tenant, List<UUID> users) {
    Sharing toSharing() {
        return new Sharing(Boolean.TRUE.equals(tenant), users);
    }

    static SharingView of(boolean tenant, List<UUID> users) {
        return new SharingView(tenant, users);
    }
}
