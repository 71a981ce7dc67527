package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.vector.Doc;
import io.hetumind.nodes.ai.vector.Retriever;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Question and Answer Chain (n8n {@code chainRetrievalQa} 1–1.7): retrieves the documents
 * relevant to the question through the attached retriever, puts them in the system prompt's
 * {@code {context}} and asks the model. Output {@code {response: {text}}} (before 1.5) or
 * {@code {response: answer}}.
 */
public final class QaChainNode implements NodeType {

    static final String SYSTEM_PROMPT = "You are an assistant for question-answering tasks. Use the following pieces"
            + " of retrieved context to answer the question.\nIf you don't know the answer, just say that you don't know,"
            + " don't try to make up an answer.\n----------------\nContext: {context}";

    private static final NodeDescriptor DESCRIPTOR = build();

    private static NodeDescriptor build() {
        var b = NodeDescriptor.builder("hetumind.chainRetrievalQa")
                .versions(1, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7)
                .displayName("Question and Answer Chain")
                .description("Answer questions about retrieved documents")
                .group(NodeGroup.AI)
                .icon("link")
                .alias(AiParams.N8N + "chainRetrievalQa")
                .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model"))
                .subInput(SubPort.required(ConnectionTypes.AI_RETRIEVER, "Retriever"))
                .property(PropertySpec.string("query")
                        .displayName("Query")
                        .defaultValue("={{ $json.input }}")
                        .required()
                        .showWhen(PropertySpec.VERSION, 1))
                .property(PropertySpec.string("query")
                        .displayName("Query")
                        .defaultValue("={{ $json.chat_input }}")
                        .required()
                        .showWhen(PropertySpec.VERSION, 1.1))
                .property(PropertySpec.string("query")
                        .displayName("Query")
                        .defaultValue(Prompts.CHAT_INPUT)
                        .required()
                        .showWhen(PropertySpec.VERSION, 1.2));
        Prompts.promptProperties(new double[] {1.3, 1.4, 1.5, 1.6}, 1.7).forEach(b::property);
        return b.property(PropertySpec.collection("options")
                        .displayName("Options")
                        .defaultValue(Json.object())
                        .child(PropertySpec.string("systemPromptTemplate")
                                .displayName("System Prompt Template")
                                .defaultValue(SYSTEM_PROMPT)
                                .description("{context} is replaced by the retrieved documents")
                                .rows(6)))
                .build();
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return PerItem.run(ctx, item -> {
            LanguageModel model = ctx.attachedOne(
                            ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                    .value();
            Retriever retriever = ctx.attachedOne(ConnectionTypes.AI_RETRIEVER, item, Retriever.class, "a retriever")
                    .value();
            String query = ctx.node().typeVersion() <= 1.2
                    ? requireQuery(ctx, ctx.param("query", item, String.class, ""), item)
                    : Prompts.userPrompt(ctx, item, null);
            List<Doc> docs = retriever.retrieve(query, item);
            String context = docs.stream().map(Doc::pageContent).collect(Collectors.joining("\n\n"));
            String template = ctx.param("options.systemPromptTemplate", item, String.class, SYSTEM_PROMPT);
            if (ctx.node().typeVersion() < 1.5) {
                template = template.replace("{question}", "{input}");
            }
            String system = template.replace("{context}", context).replace("{input}", query);
            String answer = model.chat(
                            ChatRequest.builder()
                                    .messages(List.of(SystemMessage.from(system), UserMessage.from(query)))
                                    .build(),
                            item)
                    .aiMessage()
                    .text();
            ObjectNode out = Json.object();
            if (ctx.node().typeVersion() < 1.5) {
                out.putObject("response").put("text", answer);
            } else {
                out.put("response", answer);
            }
            return out;
        });
    }

    private static String requireQuery(NodeContext ctx, String query, int item) {
        if (query == null || query.isBlank()) {
            throw io.hetumind.core.spi.NodeException.user("The 'query' parameter is empty.", item);
        }
        return query;
    }
}
