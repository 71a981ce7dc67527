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

    /**
     * The JSON Schema of a whole answer (n8n's {@code getOutputParserSchema}: the parser's schema, else an object with
     * a string {@code text}); the tools agent offers it as the {@code format_final_json_response} tool's parameters.
     */
    default JsonNode answerSchema() {
        var s = io.hetumind.core.spi.Json.object().put("type", "object");
        s.putObject("properties").putObject("text").put("type", "string");
        s.putArray("required").add("text");
        return s;
    }
}
