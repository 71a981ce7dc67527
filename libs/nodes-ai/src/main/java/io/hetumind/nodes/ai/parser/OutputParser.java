package io.hetumind.nodes.ai.parser;

import com.fasterxml.jackson.databind.JsonNode;

/** What an output-parser sub-node supplies: instructions for the model and a parser of its answer. */
public interface OutputParser {

    /** Text appended to the prompt that tells the model the format to answer in. */
    String formatInstructions();

    /**
     * The model's answer as structured data ({@code {"output": …}}), or a user error naming the
     * parser node; {@code itemIndex} is the root's item. May ask a model to fix a bad answer.
     */
    JsonNode parse(String answer, int itemIndex);
}
