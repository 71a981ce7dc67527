package io.hetumind.core.spi;

/** A named input or output port of a node, e.g. If's {@code true} and {@code false}. */
public record PortSpec(String name, String displayName) {

    public static final PortSpec MAIN = new PortSpec("main", "");

    public static PortSpec of(String name, String displayName) {
        return new PortSpec(name, displayName);
    }
}
