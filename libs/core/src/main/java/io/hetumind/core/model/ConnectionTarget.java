package io.hetumind.core.model;

/** The receiving end of a connection: node name, connection type and input index. */
public record ConnectionTarget(String node, String type, int index) {

    public static final String MAIN = "main";

    public static ConnectionTarget main(String node, int index) {
        return new ConnectionTarget(node, MAIN, index);
    }
}
