package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.parser.OutputParser;
import io.hetumind.nodes.ai.parser.StructuredOutputParserNode;
import java.util.List;

/** One "answer in this JSON schema" call for the classifier, sentiment and extractor nodes. */
final class Structured {

    private Structured() {}

    /** The model's answer for {@code text} as JSON fitting {@code schema} (the value, without an output wrapper). */
    static JsonNode ask(
            NodeContext ctx,
            LanguageModel model,
            String system,
            String text,
            JsonNode schema,
            boolean autoFix,
            int item) {
        OutputParser parser =
                StructuredOutputParserNode.forSchema(ctx.node().name(), schema, autoFix ? model : null, ctx);
        String answer = model.chat(
                        ChatRequest.builder()
                                .messages(List.of(
                                        SystemMessage.from(system + "\n\n" + parser.formatInstructions()),
                                        UserMessage.from(text)))
                                .build(),
                        item)
                .aiMessage()
                .text();
        return parser.parse(answer, item).get("output");
    }
}
