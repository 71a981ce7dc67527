package io.hetumind.executor.temporal;

import java.util.List;

/**
 * Resumes a node parked waiting for the outside (a Wait on webhook). {@code outputCounts} null keeps the outputs it
 * parked with; otherwise the host has put the new outputs into the {@link RunDataStore} first and gives their item
 * counts per port.
 */
public record ResumeSignal(String node, List<Integer> outputCounts) {}
