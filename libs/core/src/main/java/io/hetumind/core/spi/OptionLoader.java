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
     * caller's tenant; never sent to the browser).
     */
    record Request(double version, JsonNode parameters, Map<String, ObjectNode> credentials) {
        public Request {
            credentials = credentials == null ? Map.of() : Map.copyOf(credentials);
        }
    }
}
