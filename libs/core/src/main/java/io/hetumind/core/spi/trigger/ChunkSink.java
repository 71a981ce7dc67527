package io.hetumind.core.spi.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import java.util.Locale;

/**
 * Where a node writes its answer while it makes it, for a request answered in n8n's {@code streaming} response mode.
 * A host that holds such a request passes one per run ({@code RunRequest.withService(ChunkSink.class, …)}); nodes
 * reach it with {@code ctx.service(ChunkSink.class)} and, when it is absent (CLI, queued runs, Lambda, other response
 * modes), do their work without streaming, so one workflow runs alike everywhere. Implementations are thread-safe,
 * return quickly and never throw: a client that went away must not fail the run.
 */
@FunctionalInterface
public interface ChunkSink {

    void send(Chunk chunk);

    /** n8n's chunk types: a node's answer for one item is {@code begin}, any number of {@code item}s, {@code end}. */
    enum Type {
        BEGIN,
        ITEM,
        END,
        ERROR;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One chunk, n8n's {@code StructuredChunk}: {@code {type, content?, metadata: {nodeId, nodeName, timestamp,
     * runIndex, itemIndex}}}.
     */
    record Chunk(
            Type type, String content, String nodeId, String nodeName, int runIndex, int itemIndex, long timestamp) {

        public static Chunk of(Type type, Node node, int runIndex, int itemIndex, String content) {
            return new Chunk(type, content, node.id(), node.name(), runIndex, itemIndex, System.currentTimeMillis());
        }

        /** The chunk as n8n writes it, one JSON object (the host adds the newline). */
        public ObjectNode toJson() {
            ObjectNode o = Json.object().put("type", type.wire());
            if (content != null) {
                o.put("content", content);
            }
            ObjectNode m = o.putObject("metadata");
            m.put("nodeId", nodeId == null ? nodeName : nodeId);
            m.put("nodeName", nodeName);
            m.put("timestamp", timestamp);
            m.put("runIndex", runIndex);
            m.put("itemIndex", itemIndex);
            return o;
        }
    }
}
