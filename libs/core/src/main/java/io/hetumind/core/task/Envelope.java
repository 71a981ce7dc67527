package io.hetumind.core.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * One WebSocket frame between an agent and the task-server: {@code {id, kind, ts, payload}}. The id is a UUIDv7 chosen
 * by the sender; a retried message keeps its id so the receiver can drop the duplicate. {@code ts} is epoch millis.
 */
public record Envelope(UUID id, String kind, long ts, JsonNode payload) {}
