package io.hetumind.core.model;

/** Which input item (and input index) an output item was derived from, as in n8n. */
public record PairedItem(int item, int input) {}
