package io.hetumind.core.engine;

/**
 * What one node run cost its thread, measured when the engine profiles nodes ({@code Engine.Builder.profileNodes}):
 * CPU time and bytes allocated, from the JVM's thread accounting. The JVM keeps no such accounting for virtual
 * threads, so a profiling engine runs nodes on platform threads.
 */
public record NodeCost(long cpuNanos, long allocatedBytes) {}
