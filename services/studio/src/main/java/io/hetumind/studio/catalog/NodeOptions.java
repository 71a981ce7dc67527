package io.hetumind.studio.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialSlot;
import io.hetumind.core.spi.HostServices;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.OptionLoader;
import io.hetumind.core.spi.OptionSpec;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.platform.problem.ProblemException;
import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.PluginGuard;
import io.hetumind.studio.credential.CredentialService;
import io.hetumind.studio.credential.CredentialTypes;
import io.hetumind.studio.credential.CredentialUnreadableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.instrumentation.annotations.SpanAttribute;
import io.opentelemetry.instrumentation.annotations.WithSpan;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs a node type's {@link OptionLoader} for the designer (n8n's {@code loadOptionsMethod}): with the node's draft
 * parameters, the decrypted credentials the caller may run with (of the caller's tenant, of the types the node
 * accepts), and the instance's network policy; through {@link PluginGuard}, so a plugin's loader is narrowed to what
 * its plugin declares and bounded in time. Failures become problems that say whose fault they are.
 */
@ApplicationScoped
public class NodeOptions {
    private static final Logger LOG = Logger.getLogger(NodeOptions.class);

    /** Choices sent back at most; a loader listing more is cut (the designer offers typing the value instead). */
    static final int MAX_OPTIONS = 5_000;

    private final NodeRegistry registry;
    private final CredentialService credentials;
    private final CredentialTypes credentialTypes;
    private final NetworkPolicy network;
    private final PluginGuard guard;
    private final MeterRegistry metrics;

    public NodeOptions(
            NodeRegistry registry,
            CredentialService credentials,
            CredentialTypes credentialTypes,
            NetworkPolicy network,
            LivePlugins plugins,
            NodePolicy nodePolicy,
            MeterRegistry metrics) {
        this.registry = registry;
        this.credentials = credentials;
        this.credentialTypes = credentialTypes;
        this.network = network;
        this.guard = plugins.guard(nodePolicy);
        this.metrics = metrics;
    }

    /** What one call asks for; {@code credentialIds} maps a credential type to the id of the caller's credential. */
    public record Load(
            UUID tenantId,
            UUID userId,
            String type,
            String method,
            Double version,
            JsonNode parameters,
            Map<String, String> credentialIds) {}

    /** The loader's choices (at most {@link #MAX_OPTIONS}) and whether more were cut. */
    public record Loaded(List<OptionSpec> options, boolean truncated) {}

    @WithSpan("node.options")
    public Loaded load(
            @SpanAttribute("node.type") String type, @SpanAttribute("node.options.method") String method, Load req) {
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "error";
        try {
            Loaded loaded = run(req);
            outcome = "ok";
            return loaded;
        } catch (ProblemException e) {
            outcome = e.status() < 500 ? "refused" : "failed";
            throw e;
        } finally {
            sample.stop(Timer.builder("hetumind.node.options")
                    .description("design-time option loads (n8n's loadOptionsMethod) by outcome")
                    .tag("outcome", outcome)
                    .register(metrics));
        }
    }

    private Loaded run(Load req) {
        NodeType node = registry.find(req.type())
                .orElseThrow(() -> ProblemException.notFound("node type '" + req.type() + "'"));
        String id = node.descriptor().type();
        Map<String, OptionLoader> loaders;
        try {
            loaders = guard.call(node, "option loaders of " + id, node::optionLoaders);
        } catch (Exception e) {
            throw failed(id, req.method(), e, Secrets.NONE);
        }
        if (loaders == null || !loaders.containsKey(req.method())) {
            throw new ProblemException(
                    404,
                    "not-found",
                    "Not found",
                    "node type '" + id + "' has no option loader '" + req.method() + "' (it has: "
                            + (loaders == null || loaders.isEmpty()
                                    ? "none"
                                    : String.join(", ", new TreeSet<>(loaders.keySet())))
                            + ")");
        }
        double version = version(node, req.version());
        JsonNode parameters = req.parameters() == null || req.parameters().isNull() ? Json.object() : req.parameters();
        if (!parameters.isObject()) {
            throw ProblemException.invalid("parameters", "must be an object (the node's parameters)");
        }
        Secrets secrets = Secrets.NONE;
        Map<String, ObjectNode> creds = new LinkedHashMap<>();
        for (var e : req.credentialIds().entrySet()) {
            ObjectNode data = credential(node, req, e.getKey(), e.getValue());
            creds.put(e.getKey(), data);
            secrets = secrets.and(Secrets.of(credentialTypes.stored(e.getKey()), data));
        }
        HostServices services = HostServices.of(Map.of(NetworkPolicy.class, network), Map.of());
        List<OptionSpec> options;
        // node code runs with its own class loader as context (a plugin's gets its own thread from the guard), so
        // what it names by class — the PostgreSQL driver's socket factory — is its copy, not the request thread's
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(node.getClass().getClassLoader());
        try {
            options = guard.loadOptions(
                    node, req.method(), new OptionLoader.Request(version, parameters.deepCopy(), creds, services));
        } catch (Exception e) {
            throw failed(id, req.method(), e, secrets);
        } finally {
            current.setContextClassLoader(previous);
        }
        LOG.debugf(
                "options loaded: type=%s method=%s tenant=%s user=%s count=%d",
                id, req.method(), req.tenantId(), req.userId(), options.size());
        return options.size() > MAX_OPTIONS
                ? new Loaded(options.subList(0, MAX_OPTIONS), true)
                : new Loaded(options, false);
    }

    private static double version(NodeType node, Double asked) {
        List<Double> versions = node.descriptor().versions();
        if (asked == null) {
            return versions.getLast();
        }
        if (!versions.contains(asked)) {
            throw ProblemException.invalid(
                    "version", "node type '" + node.descriptor().type() + "' has versions " + versions);
        }
        return asked;
    }

    /** The decrypted data of the caller's credential {@code id} of {@code credType}, for a type the node accepts. */
    private ObjectNode credential(NodeType node, Load req, String credType, String id) {
        String field = "credentials." + credType;
        boolean accepted = node.descriptor().credentials().stream()
                .map(CredentialSlot::credentialType)
                .anyMatch(credType::equals);
        if (!accepted) {
            throw ProblemException.invalid(
                    field,
                    "node type '" + node.descriptor().type() + "' takes no credentials of type '" + credType + "'");
        }
        Optional<ObjectNode> found;
        try {
            found = credentials.resolve(req.tenantId(), req.userId(), id, null, credType);
        } catch (NodeException e) {
            // the tenant's, but neither the caller's nor shared with them: as good as absent to this caller
            found = Optional.empty();
        } catch (CredentialUnreadableException e) {
            throw new ProblemException(409, "credential-unreadable", "Credential cannot be decrypted", e.getMessage());
        }
        return found.orElseThrow(() -> ProblemException.notFound("credential " + id + " of type '" + credType + "'"));
    }

    /** A loader's failure as a problem: the user's (422), the remote's or a plugin's (502/504), or ours (500). */
    private static ProblemException failed(String type, String method, Exception e, Secrets secrets) {
        String what = "option loader '" + method + "' of " + type;
        if (e instanceof ProblemException p) {
            return p;
        }
        if (e instanceof PluginGuard.PluginCallException p) {
            boolean timeout = p.getMessage().contains("did not finish within");
            return new ProblemException(
                    timeout ? 504 : 502,
                    timeout ? "option-loader-timeout" : "option-loader-failed",
                    timeout ? "Option loader timed out" : "Option loader failed",
                    secrets.redact(p.getMessage()));
        }
        if (e instanceof IllegalArgumentException
                || (e instanceof NodeException n && n.kind() == io.hetumind.core.spi.ErrorKind.USER)) {
            return new ProblemException(
                    422, "option-loader-refused", "Cannot load options", secrets.redact(what + ": " + e.getMessage()));
        }
        if (e instanceof RuntimeException && !(e instanceof NodeException)) {
            LOG.errorf(e, "%s failed", what);
            return new ProblemException(
                    500,
                    "option-loader-bug",
                    "Option loader failed",
                    what + " failed: " + e.getClass().getName());
        }
        LOG.debugf(e, "%s failed", what);
        return new ProblemException(
                502, "option-loader-failed", "Option loader failed", secrets.redact(what + " failed: " + causes(e)));
    }

    /** The message of {@code e} and of each cause that says something more (a driver's wrapper hides the reason). */
    private static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        int open = 0;
        int depth = 0;
        for (Throwable t = e; t != null && depth < 4; t = t.getCause(), depth++) {
            String m = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            if (!out.toString().contains(m)) {
                out.append(out.isEmpty() ? "" : " (cause: ").append(m);
                open += depth == 0 ? 0 : 1;
            }
        }
        return out + ")".repeat(open);
    }
}
