package io.hetumind.core.engine.internal;

import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeRegistry;
import java.time.Clock;
import java.util.Map;

/** The host-provided collaborators every node run can reach, fixed when the engine is built. */
public record EngineServices(
        NodeRegistry registry,
        ExpressionEngine expressions,
        CredentialResolver credentials,
        WorkflowResolver workflows,
        Checkpointer checkpointer,
        Map<Class<?>, Object> extras,
        Map<String, String> vars,
        Map<String, String> env,
        Clock clock,
        int defaultParallelism,
        int snapshotEvery,
        long parkAfterMs,
        String resumeUrlBase,
        boolean profileNodes) {}
