package io.hetumind.studio.catalog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.sdk.plugin.Plugins;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Comparator;

/**
 * The node catalog: every descriptor, the designer's source of truth for palettes and parameter forms; a node plugin's
 * types carry {@code plugin} ({@code name@version}).
 */
@Path("/api/v1/node-types")
@Produces(MediaType.APPLICATION_JSON)
public class NodeTypeResource {
    private final NodeRegistry registry;
    private final Caller caller;
    private final ArrayNode all;

    public NodeTypeResource(NodeRegistry registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        registry.all().stream()
                .sorted(Comparator.comparing(t -> t.descriptor().type()))
                .forEach(t -> list.add(describe(t)));
        this.all = list;
    }

    @GET
    public ArrayNode list() {
        caller.require(Permission.WORKFLOW_READ);
        return all;
    }

    @GET
    @Path("{type}")
    public ObjectNode get(@PathParam("type") String type) {
        caller.require(Permission.WORKFLOW_READ);
        NodeType t = registry.find(type).orElseThrow(() -> ProblemException.notFound("node type '" + type + "'"));
        return describe(t);
    }

    /** The descriptor, with {@code plugin: name@version} when the type comes from a node plugin. */
    private static ObjectNode describe(NodeType t) {
        ObjectNode d = DescriptorJson.write(t.descriptor());
        Plugins.origin(t).ifPresent(p -> d.put("plugin", p));
        return d;
    }
}
