package io.hetumind.nodes.data.datetime;

import io.hetumind.core.spi.NodeParameters;

/**
 * Reads a parameter with this node's own fallback when it is absent. Date &amp; Time declares names such as
 * {@code operation} once per version, and the engine takes the default of the first declaration only.
 */
final class Params {

    private Params() {}

    static <T> T get(NodeParameters ctx, String path, int i, Class<T> type, T fallback) {
        return ctx.rawParam(path) == null ? fallback : ctx.param(path, i, type, fallback);
    }
}
