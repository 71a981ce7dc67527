package io.hetumind.studio.credential.rest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.credential.CredentialTesters;
import io.hetumind.studio.credential.CredentialTypes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The credential types with their typed fields (secret ones flagged {@code "secret": true}) and whether they can be
 * tested: what the designer renders credential forms from.
 */
@Path("/api/v1/credential-types")
@Produces(MediaType.APPLICATION_JSON)
public class CredentialTypeResource {
    private final CredentialTypes types;
    private final CredentialTesters testers;
    private final Caller caller;

    public CredentialTypeResource(CredentialTypes types, CredentialTesters testers, Caller caller) {
        this.types = types;
        this.testers = testers;
        this.caller = caller;
    }

    @GET
    public ArrayNode list() {
        caller.require(Permission.CREDENTIAL_USE);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        types.all().forEach(d -> out.add(json(d)));
        return out;
    }

    @GET
    @Path("{type}")
    public ObjectNode get(@PathParam("type") String type) {
        caller.require(Permission.CREDENTIAL_USE);
        return types.all().stream()
                .filter(d -> d.id().equals(type))
                .findFirst()
                .map(this::json)
                .orElseThrow(() -> ProblemException.notFound("credential type '" + type + "'"));
    }

    private ObjectNode json(CredentialDescriptor d) {
        return d.toJson().put("testable", testers.testable(d.id()));
    }
}
