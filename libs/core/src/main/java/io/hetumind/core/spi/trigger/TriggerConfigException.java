package io.hetumind.core.spi.trigger;

/**
 * A trigger's parameters cannot be turned into a schedule, webhook or listener target; names the node and the parameter
 * (null when the node's code failed without naming one).
 */
public final class TriggerConfigException extends IllegalArgumentException {

    private final String node;
    private final String parameter;

    public TriggerConfigException(String node, String parameter, String problem) {
        super("node '" + node + "'" + (parameter == null ? "" : ", parameter '" + parameter + "'") + ": " + problem);
        this.node = node;
        this.parameter = parameter;
    }

    /** The node's trigger code failed with {@code cause} (not a refusal of a named parameter). */
    public TriggerConfigException(String node, String problem, Throwable cause) {
        this(node, null, problem);
        initCause(cause);
    }

    public String node() {
        return node;
    }

    /** The parameter at fault, or null when the node's code failed without naming one. */
    public String parameter() {
        return parameter;
    }
}
