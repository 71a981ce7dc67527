package io.hetumind.nodes.ai.tool;

import dev.langchain4j.agent.tool.ToolSpecification;

/** What a tool sub-node supplies to an agent: a specification the model sees and the code that runs a call. */
public interface AgentTool {

    ToolSpecification specification();

    /**
     * Runs one call with the model's arguments (a JSON object as text) for the root's item
     * {@code itemIndex}. A failure the model should hear about is returned as text; throw only
     * for failures that must stop the agent.
     */
    String execute(String argumentsJson, int itemIndex);

    /** A tool name models accept ({@code ^[a-zA-Z0-9_-]{1,64}$}) made from a node name. */
    static String toolName(String nodeName) {
        String s = nodeName.replaceAll("[^a-zA-Z0-9_-]+", "_");
        return s.length() > 64 ? s.substring(0, 64) : s.isEmpty() ? "tool" : s;
    }
}
