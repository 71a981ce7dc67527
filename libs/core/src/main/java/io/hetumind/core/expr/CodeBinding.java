package io.hetumind.core.expr;

/** Extra globals user code gets beside the expression variables. */
public enum CodeBinding {
    /** {@code items}: the node's input items, the very array {@code $input.all()} returns. */
    ITEMS,
    /** {@code item}: the current item's JSON (n8n Function Item). */
    ITEM_JSON,
    /** {@code item}: the current item as {@code {json, binary}} (Code, once per item). */
    ITEM
}
