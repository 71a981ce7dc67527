package io.hetumind.core.engine;

/**
 * Where a node's input came from: output {@code output} of run {@code run} of node
 * {@code node}. A null node means the execution's trigger input.
 */
public record SourceRef(String node, int run, int output) {

    public static final SourceRef TRIGGER = new SourceRef(null, 0, 0);
}
