package io.hetumind.studio.catalog;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** {@code /}: where a person who opens the studio's address lands — the API's Swagger UI until the designer ships. */
@Path("/")
public class RootResource {
    @GET
    public Response root() {
        return Response.seeOther(URI.create("/q/swagger-ui/")).build();
    }
}
