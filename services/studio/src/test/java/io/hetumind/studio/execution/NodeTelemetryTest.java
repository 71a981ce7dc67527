package io.hetumind.studio.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.NodeCost;
import io.hetumind.core.engine.RunEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node runs as metrics: durations always, CPU and allocation when the engine measured them. */
class NodeTelemetryTest {

    private static RunEvent finished(NodeCost cost) {
        return new RunEvent(
                RunEvent.Kind.NODE_FINISHED,
                "e1",
                "w1",
                3,
                1000,
                "Build",
                0,
                1,
                List.of(2),
                900,
                100,
                null,
                ExecutionStatus.RUNNING,
                null,
                -1,
                cost);
    }

    @Test
    void measuredCostsAddUpAndUnmeasuredRunsCountOnlyTheirTime() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeTelemetry telemetry = new NodeTelemetry(OpenTelemetry.noop().getTracer("test"), registry);
        telemetry.onEvent(finished(new NodeCost(250_000_000L, 4096)));
        telemetry.onEvent(finished(new NodeCost(50_000_000L, 1024)));
        telemetry.onEvent(finished(null));
        assertThat(registry.get("hetumind_node_cpu_seconds").counter().count())
                .isEqualTo(0.3, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(registry.get("hetumind_node_allocated_bytes").counter().count())
                .isEqualTo(5120);
        assertThat(registry.get("hetumind_node_duration")
                        .tag("outcome", "success")
                        .timer()
                        .count())
                .isEqualTo(3);
    }
}
