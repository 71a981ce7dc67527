package io.hetumind.studio.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.OptionSpec;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.platform.validation.Text;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * Design-time choices of a node's property (n8n's {@code loadOptionsMethod}): the designer posts the node's draft
 * parameters and the ids of the credentials chosen for it, and gets the loader's options back. Needs
 * {@code workflow:read}, plus {@code credential:use} when credentials are named; credentials come only from the
 * caller's tenant and only those the caller may run with.
 */
@Path("/api/v1/node-types/{type}/options")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class NodeOptionsResource {
    /** Credentials one request may name: far more than any node takes. */
    static final int MAX_CREDENTIALS = 8;

    private final NodeOptions options;
    private final Caller caller;

    public NodeOptionsResource(NodeOptions options, Caller caller) {
        this.options = options;
        this.caller = caller;
    }

    /**
     * What to load.
     *
     * @param method the loader's name, as the property's {@code typeOptions.loadOptions} gives it
     * @param version the node's type version (absent: the newest)
     * @param parameters the node's current parameters, raw (expressions are not rendered)
     * @param credentials credential type → id of one of the caller's credentials
     */
    public record OptionsRequest(
            @NotBlank @Text(max = 128) String method,
            Double version,
            JsonNode parameters,
            Map<String, String> credentials) {}

    /** One choice: {@code value} is any JSON, as a property's fixed options have it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OptionView(String name, JsonNode value, String description) {
        static OptionView of(OptionSpec o) {
            return new OptionView(o.name(), o.value(), o.description());
        }
    }

    /** The choices, in the loader's order; {@code truncated} when the loader listed more than were sent. */
    public record OptionsView(
            List<OptionView> options, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean truncated) {}

    @POST
    public OptionsView load(@PathParam("type") String type, @Valid @NotNull OptionsRequest req) {
        caller.require(Permission.WORKFLOW_READ);
        Map<String, String> creds = req.credentials() == null ? Map.of() : req.credentials();
        if (!creds.isEmpty()) {
            caller.require(Permission.CREDENTIAL_USE);
        }
        if (creds.size() > MAX_CREDENTIALS) {
            throw ProblemException.invalid("credentials", "at most " + MAX_CREDENTIALS + " credentials");
        }
        creds.forEach((k, v) -> {
            if (k == null || k.isBlank() || k.length() > 64) {
                throw ProblemException.invalid("credentials", "credential types are 1-64 characters");
            }
            if (v == null || v.isBlank() || v.length() > 128) {
                throw ProblemException.invalid("credentials." + k, "must be a credential id");
            }
        });
        NodeOptions.Loaded loaded = options.load(
                type,
                req.method(),
                new NodeOptions.Load(
                        caller.tenantId(),
                        caller.subject(),
                        type,
                        req.method(),
                        req.version(),
                        req.parameters(),
                        creds));
        return new OptionsView(loaded.options().stream().map(OptionView::of).toList(), loaded.truncated());
    }
}
