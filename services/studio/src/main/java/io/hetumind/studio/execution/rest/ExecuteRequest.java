package io.hetumind.studio.execution.rest;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Body of {@code POST /api/v1/workflows/{id}/execute}, every field optional.
 *
 * @param startNode the node to start from (default: the first enabled trigger)
 * @param items the start node's input: items ({@code {"json": {…}}}) or plain objects
 * @param data one object, the single input item (instead of {@code items})
 * @param mode {@code queued} (default: any worker runs it) or {@code inline} (this process runs it)
 * @param wait wait for the run to end or park (default true) or answer 202 at once
 * @param timeoutMs how long to wait (default 30 000, at most 300 000); after it the answer is 202
 * @param version the workflow version to run (default: the head version)
 * @param destinationNode run only this node and the nodes that lead to it ("execute up to this node"); nothing after
 *     it or beside it runs
 * @param breakpoints {@code {"before": [nodes], "after": [nodes], "step": false}}: where the run pauses for a debugger
 *     ({@code GET /api/v1/executions/{id}/paused}, {@code POST …/continue}, {@code POST …/cancel})
 */
public record ExecuteRequest(
        String startNode,
        JsonNode items,
        JsonNode data,
        String mode,
        @JsonProperty("wait") Boolean awaitRun,
        Long timeoutMs,
        Integer version,
        String destinationNode,
        JsonNode breakpoints) {}
