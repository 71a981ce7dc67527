package io.hetumind.core.spi;

/** What one attached sub-node supplies to its root, with that sub-node's name (for errors and run data). */
public record Attached<T>(String nodeName, T value) {}
