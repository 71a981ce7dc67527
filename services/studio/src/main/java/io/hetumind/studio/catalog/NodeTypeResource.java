package io.hetumind.studio.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.DescriptorJson;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.platform.security.Caller;
import io.hetumind.platform.security.Permission;
import io.hetumind.sdk.plugin.Plugins;
import io.hetumind.studio.designer.Encodings;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * The node catalog: every descriptor, the designer's source of truth for palettes and parameter forms; a node plugin's
 * types carry {@code plugin} ({@code name@version}).
 *
 * <p>The whole list is the same for every caller and changes only with a node plugin reload, and it is big (about
 * 600 kB of JSON, which the designer loads on every page load): it is written once at start-up and again after each
 * reload that changed the node types, with its gzip form (level 9, about a tenth), and sent as bytes with an
 * {@code ETag}, so a request costs neither serialisation nor compression and a browser's revalidation gets a 304.
 */
@Path("/api/v1/node-types")
@Produces(MediaType.APPLICATION_JSON)
public class NodeTypeResource {
    /** Authenticated: only the browser may keep it, and it asks again (a 304 when unchanged) on every load. */
    static final String CACHE = "private, no-cache";

    private final NodeRegistry registry;
    private final Caller caller;
    /** The written list and the registry it was written from (a plugin reload puts another one in). */
    private volatile Written written;

    private record Written(NodeRegistry source, Encodings.Variants catalog) {}

    public NodeTypeResource(NodeRegistry registry, Caller caller) {
        this.registry = registry;
        this.caller = caller;
        this.written = write(registry.snapshot());
    }

    /** The catalog of the node types in service now, written again only when a plugin reload changed them. */
    private Encodings.Variants catalog() {
        Written w = written;
        NodeRegistry now = registry.snapshot();
        if (w.source() != now) {
            synchronized (this) {
                if (written.source() != now) {
                    written = write(now);
                }
                w = written;
            }
        }
        return w.catalog();
    }

    private static Written write(NodeRegistry registry) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        registry.all().stream()
                .sorted(Comparator.comparing(t -> t.descriptor().type()))
                .forEach(t -> list.add(describe(t)));
        try {
            byte[] json = Json.writer().writeValueAsBytes(list);
            return new Written(registry, Encodings.Variants.of(json, gzip(json), null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the node catalog: " + e.getMessage(), e);
        }
    }

    @GET
    public Response list(
            @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding,
            @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        caller.require(Permission.WORKFLOW_READ);
        Encodings.Variants catalog = catalog();
        String encoding = Encodings.choose(acceptEncoding, catalog.encodings());
        String etag = catalog.etag(encoding);
        Response.ResponseBuilder r = Response.ok()
                .header(HttpHeaders.CACHE_CONTROL, CACHE)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING)
                .header(HttpHeaders.ETAG, etag);
        if (Encodings.matches(ifNoneMatch, etag)) {
            return r.status(Response.Status.NOT_MODIFIED).build();
        }
        if (!Encodings.IDENTITY.equals(encoding)) {
            r.header(HttpHeaders.CONTENT_ENCODING, encoding);
        }
        return r.entity(catalog.bytes(encoding))
                .type(MediaType.APPLICATION_JSON)
                .build();
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

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 8);
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
