package io.hetumind.core.spi;

/** Where a node type sits in the designer's palette. */
public enum NodeGroup {
    TRIGGER,
    FLOW,
    DATA,
    HTTP,
    DB,
    CODE,
    AI,
    WASM,
    UTILITY
}
