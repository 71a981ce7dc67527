package io.hetumind.studio.trigger.rest;

import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.studio.trigger.TestWebhookStore;
import io.hetumind.studio.trigger.TestWebhooks;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The designer's "listen for test event": register, poll and stop a workflow's test webhooks. */
@Path("/api/v1/webhook-tests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TestWebhookResource {
    private final TestWebhooks tests;
    private final Caller caller;
    private final String base;
    private final io.hetumind.core.spi.NodeRegistry registry;

    public TestWebhookResource(
            TestWebhooks tests,
            Caller caller,
            io.hetumind.core.spi.NodeRegistry registry,
            @ConfigProperty(name = "hetumind.studio.public-url") java.util.Optional<String> publicUrl,
            @ConfigProperty(name = "quarkus.http.port", defaultValue = "8080") int port) {
        this.tests = tests;
        this.caller = caller;
        this.registry = registry;
        this.base = publicUrl.orElse("http://localhost:" + port).replaceAll("/+$", "");
    }

    @POST
    public Response listen(@Valid @NotNull TestWebhookRequest request) {
        caller.require(Permission.EXECUTION_RUN);
        TestWebhookStore.Registration reg = tests.listen(caller.tenantId(), request.workflowId(), caller.subject());
        return Response.status(201).entity(view(reg)).build();
    }

    @GET
    @Path("{id}")
    public TestWebhookView get(@PathParam("id") UUID id) {
        caller.require(Permission.WORKFLOW_READ);
        return tests.find(caller.tenantId(), id)
                .map(this::view)
                .orElseThrow(() -> ProblemException.notFound("test webhook " + id));
    }

    @DELETE
    @Path("{id}")
    public Response stop(@PathParam("id") UUID id) {
        caller.require(Permission.EXECUTION_RUN);
        if (!tests.stop(caller.tenantId(), id)) {
            throw ProblemException.notFound("test webhook " + id);
        }
        return Response.noContent().build();
    }

    private TestWebhookView view(TestWebhookStore.Registration r) {
        List<String> urls = new ArrayList<>();
        r.nodes().forEach(n -> {
            String segment = registry.find(n.path("node").path("type").asText()).orElse(null)
                            instanceof io.hetumind.core.spi.trigger.WebhookTrigger t
                    ? t.urlSegment()
                    : "webhook";
            // a form is opened (GET), and posts to itself
            if (!segment.equals("webhook") && !n.path("method").asText().equals("GET")) {
                return;
            }
            String url = n.path("method").asText() + " " + base + "/" + segment + "-test/"
                    + io.hetumind.studio.trigger.TestWebhooks.registeredPath(n);
            if (!urls.contains(url)) {
                urls.add(url);
            }
        });
        String status =
                r.capturedAt() != null ? "captured" : r.expiresAt().isBefore(Instant.now()) ? "expired" : "waiting";
        return new TestWebhookView(
                r.id(),
                r.workflowId(),
                r.workflowVersion(),
                urls,
                r.expiresAt(),
                status,
                r.capturedAt(),
                r.executionId());
    }
}
