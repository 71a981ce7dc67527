package io.hetumind.studio.credential.rest;

import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.credential.CredentialKeys;
import io.hetumind.studio.credential.rest.CredentialKeyDtos.RewrapView;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * Master key rotation for instance administrators: which key is active and how many records each key wraps, and
 * re-wrapping every record under the active key (after adding a new key and making it active, before removing the
 * old one).
 */
@Path("/api/v1/credential-keys")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialKeyResource {
    private final CredentialKeys keys;
    private final Caller caller;

    public CredentialKeyResource(CredentialKeys keys, Caller caller) {
        this.keys = keys;
        this.caller = caller;
    }

    @GET
    public RewrapView state() {
        caller.require(Permission.INSTANCE_ADMIN);
        return new RewrapView(keys.activeKey(), 0, List.of(), keys.recordsByKey());
    }

    @POST
    @Path("rewrap")
    public RewrapView rewrap() {
        caller.require(Permission.INSTANCE_ADMIN);
        CredentialKeys.Rewrap r = keys.rewrapAll();
        return new RewrapView(r.activeKey(), r.rewrapped(), r.unreadable(), r.recordsByKey());
    }
}
