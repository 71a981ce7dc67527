package io.hetumind.core.model;

import java.util.List;

/**
 * The connection types of the workflow format. {@code main} carries items between scheduled
 * nodes; the {@code ai_*} types (n8n's cluster-node model) attach a sub-node to the root node
 * it supplies: the sub-node is never scheduled, the root asks for what it supplies while it runs.
 */
public final class ConnectionTypes {

    public static final String MAIN = ConnectionTarget.MAIN;
    public static final String AI_LANGUAGE_MODEL = "ai_languageModel";
    public static final String AI_TOOL = "ai_tool";
    public static final String AI_MEMORY = "ai_memory";
    public static final String AI_EMBEDDING = "ai_embedding";
    public static final String AI_VECTOR_STORE = "ai_vectorStore";
    public static final String AI_DOCUMENT = "ai_document";
    public static final String AI_TEXT_SPLITTER = "ai_textSplitter";
    public static final String AI_OUTPUT_PARSER = "ai_outputParser";
    public static final String AI_RETRIEVER = "ai_retriever";
    public static final String AI_RERANKER = "ai_reranker";

    /** Every sub-node connection type, in the order the designer lists them. */
    public static final List<String> SUB_TYPES = List.of(
            AI_LANGUAGE_MODEL,
            AI_MEMORY,
            AI_TOOL,
            AI_OUTPUT_PARSER,
            AI_RETRIEVER,
            AI_VECTOR_STORE,
            AI_EMBEDDING,
            AI_RERANKER,
            AI_DOCUMENT,
            AI_TEXT_SPLITTER);

    private ConnectionTypes() {}

    /** True for a sub-node connection type ({@code ai_*}). */
    public static boolean isSub(String type) {
        return SUB_TYPES.contains(type);
    }

    /** True for a type the workflow format knows: {@code main} or a sub-node type. */
    public static boolean isKnown(String type) {
        return MAIN.equals(type) || isSub(type);
    }
}
