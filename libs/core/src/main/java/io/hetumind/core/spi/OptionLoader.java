package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Computes the choices of a property at design time, for choices that are not fixed data
 * (time zones, a remote system's lists). A node type offers its loaders by name through
 * {@link NodeType#optionLoaders()}; a property names one with the {@link TypeOptions#LOAD_OPTIONS}
 * type option and the designer asks the host to run it with the node's current parameters.
 */
@FunctionalInterface
public interface OptionLoader {

    /** The choices for a node with these raw parameters (expressions not rendered). */
    List<OptionSpec> load(Request request) throws Exception;

    /**
     * What the designer sends: the node's version and draft parameters, plus the decrypted data
     * of the credentials assigned to the node, by credential type (resolved by the host for the
     * caller's tenant; never sent to the browser), and the host's services as the node type may
     * see them (for a plugin's type narrowed to what its plugin declares, as in a run).
     */
    record Request(double version, JsonNode parameters, Map<String, ObjectNode> credentials, HostServices services) {
        public Request {
            credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
            services = services == null ? HostServices.none() : services;
        }

        /** A request without host services. */
        public Request(double version, JsonNode parameters, Map<String, ObjectNode> credentials) {
            this(version, parameters, credentials, HostServices.none());
        }

        /** A host service ({@link NetworkPolicy} before connecting, {@link ConfinedFiles} for files), as in a run. */
        public <T> java.util.Optional<T> service(Class<T> type) {
            return services.service(type);
        }

        /** An environment variable the host exposes (as a run's {@code $env}) and this node type may read. */
        public java.util.Optional<String> env(String name) {
            return services.env(name);
        }

        /** This request with {@code services} instead. */
        public Request withServices(HostServices services) {
            return new Request(version, parameters, credentials, services);
        }
    }
}
