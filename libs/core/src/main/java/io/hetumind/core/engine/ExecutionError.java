package io.hetumind.core.engine;

import io.hetumind.core.spi.ErrorKind;

/** Why a node or an execution failed: a message for people, never a stack trace. */
public record ExecutionError(String message, String description, String node, int itemIndex, ErrorKind kind) {

    public static ExecutionError of(String message, String node, ErrorKind kind) {
        return new ExecutionError(message, null, node, -1, kind);
    }
}
