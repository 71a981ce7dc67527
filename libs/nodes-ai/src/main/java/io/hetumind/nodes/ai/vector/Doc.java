package io.hetumind.nodes.ai.vector;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A document (or a chunk of one): its text and metadata, as n8n's {@code pageContent}/{@code metadata}. */
public record Doc(String pageContent, ObjectNode metadata) {

    public ObjectNode toJson() {
        ObjectNode o = io.hetumind.core.spi.Json.object().put("pageContent", pageContent);
        o.set("metadata", metadata);
        return o;
    }
}
