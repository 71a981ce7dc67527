package io.hetumind.studio.execution;

import io.hetumind.core.engine.ExecutionListener;
import io.hetumind.core.engine.RunEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Node runs as metrics ({@code hetumind_node_duration_seconds} by outcome) and as one OpenTelemetry span each, built
 * from the engine's events with the node's own start time and duration (the engine runs nodes on its threads; spans
 * are recorded after the fact, so tracing never slows a run).
 */
@ApplicationScoped
public class NodeTelemetry implements ExecutionListener {
    private static final AttributeKey<String> EXECUTION = AttributeKey.stringKey("hetumind.execution.id");
    private static final AttributeKey<String> WORKFLOW = AttributeKey.stringKey("hetumind.workflow.id");
    private static final AttributeKey<String> NODE = AttributeKey.stringKey("hetumind.node.name");
    private static final AttributeKey<Long> TRY = AttributeKey.longKey("hetumind.node.try");

    private static final AttributeKey<Double> CPU_MS = AttributeKey.doubleKey("hetumind.node.cpu_ms");
    private static final AttributeKey<Long> ALLOCATED = AttributeKey.longKey("hetumind.node.allocated_bytes");

    private final Tracer tracer;
    private final Timer succeeded;
    private final Timer failed;
    private final Counter cpu;
    private final Counter allocated;

    public NodeTelemetry(Tracer tracer, MeterRegistry registry) {
        this.tracer = tracer;
        this.succeeded = timer(registry, "success");
        this.failed = timer(registry, "error");
        this.cpu = Counter.builder("hetumind_node_cpu_seconds")
                .description("CPU time of node runs (measured when hetumind.studio.engine.profile-nodes is on)")
                .baseUnit("seconds")
                .register(registry);
        this.allocated = Counter.builder("hetumind_node_allocated_bytes")
                .description("Bytes allocated by node runs (measured when hetumind.studio.engine.profile-nodes is on)")
                .baseUnit("bytes")
                .register(registry);
    }

    private static Timer timer(MeterRegistry registry, String outcome) {
        return Timer.builder("hetumind_node_duration")
                .description("How long node runs took")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(registry);
    }

    @Override
    public void onEvent(RunEvent e) {
        boolean ok = e.kind() == RunEvent.Kind.NODE_FINISHED;
        if (!ok && e.kind() != RunEvent.Kind.NODE_FAILED && e.kind() != RunEvent.Kind.NODE_RETRYING) {
            return;
        }
        (ok ? succeeded : failed).record(Duration.ofMillis(e.executionTimeMs()));
        if (e.cost() != null) {
            cpu.increment(e.cost().cpuNanos() / 1e9);
            allocated.increment(e.cost().allocatedBytes());
        }
        Span span = tracer.spanBuilder("node " + e.node())
                .setNoParent()
                .setStartTimestamp(e.startTime(), TimeUnit.MILLISECONDS)
                .setAttribute(EXECUTION, e.executionId())
                .setAttribute(NODE, e.node())
                .setAttribute(TRY, (long) e.tryNumber())
                .startSpan();
        if (e.workflowId() != null) {
            span.setAttribute(WORKFLOW, e.workflowId());
        }
        if (e.cost() != null) {
            span.setAttribute(CPU_MS, e.cost().cpuNanos() / 1e6);
            span.setAttribute(ALLOCATED, e.cost().allocatedBytes());
        }
        if (!ok) {
            span.setStatus(
                    StatusCode.ERROR, e.error() == null ? "failed" : e.error().message());
        }
        span.end(e.startTime() + e.executionTimeMs(), TimeUnit.MILLISECONDS);
    }
}
