package io.hetumind.core.engine;

/**
 * Where a node's input came from: output {@code output} of run {@code run} of node
 * {@code node}. A null node means the execution's trigger input, or with run -1 one empty item.
 */
public record SourceRef(String node, int run, int output) {

    public static final SourceRef TRIGGER = new SourceRef(null, 0, 0);

    /** One empty item: the input of a node n8n's legacy order runs without a connection. */
    public static final SourceRef EMPTY_ITEM = new SourceRef(null, -1, 0);
}
