package io.hetumind.studio.live;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.util.UUID;

/**
 * One notice on {@value ExecutionEvents#CHANNEL}, as the executions area publishes it (services/studio/README.md):
 * {@code {"tenantId","executionId","workflowId","type":"status|nodeStarted|nodeFinished","node","status","seq","at"}}.
 *
 * @param payload the notice as received, forwarded unchanged to clients
 */
public record ExecutionEvent(UUID tenantId, String executionId, String type, String payload) {

    /** Parses a notice; null when it lacks the tenant, execution or type (it is then dropped). */
    static ExecutionEvent parse(String payload) {
        try {
            JsonNode n = Json.parse(payload);
            String tenant = n.path("tenantId").asText(null);
            String execution = n.path("executionId").asText(null);
            String type = n.path("type").asText(null);
            if (tenant == null || execution == null || type == null) {
                return null;
            }
            return new ExecutionEvent(UUID.fromString(tenant), execution, type, payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    public boolean statusChange() {
        return "status".equals(type);
    }
}
