package io.hetumind.core.spi.trigger;

/** A trigger's parameters cannot be turned into a schedule or webhook; names node and parameter. */
public final class TriggerConfigException extends IllegalArgumentException {

    private final String node;
    private final String parameter;

    public TriggerConfigException(String node, String parameter, String problem) {
        super("node '" + node + "', parameter '" + parameter + "': " + problem);
        this.node = node;
        this.parameter = parameter;
    }

    public String node() {
        return node;
    }

    public String parameter() {
        return parameter;
    }
}
