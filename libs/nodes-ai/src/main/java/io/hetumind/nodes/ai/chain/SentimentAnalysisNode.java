package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sentiment Analysis (n8n {@code sentimentAnalysis} 1–1.1): one output per category of the
 * comma-separated {@code options.categories}; the model names the sentiment (with strength and
 * confidence from 0 to 1), the item gains {@code sentimentAnalysis: {category[, strength, confidence]}}
 * and goes to that category's output.
 */
public final class SentimentAnalysisNode implements NodeType {

    static final String DEFAULT_CATEGORIES = "Positive, Neutral, Negative";
    static final String SYSTEM_PROMPT = "You are highly intelligent and accurate sentiment analyzer. Analyze the"
            + " sentiment of the provided text. Categorize it into one of the following: {categories}. Use the provided"
            + " formatting instructions. Only output the JSON.";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.sentimentAnalysis")
            .versions(1, 1.1)
            .displayName("Sentiment Analysis")
            .description("Analyze the sentiment of your text")
            .group(NodeGroup.AI)
            .icon("balance-scale-left")
            .alias(AiParams.N8N + "sentimentAnalysis")
            .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model"))
            .outputs(ports(DEFAULT_CATEGORIES).toArray(PortSpec[]::new))
            .property(PropertySpec.string("inputText")
                    .displayName("Text to Analyze")
                    .defaultValue("")
                    .required()
                    .rows(2))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.string("categories")
                            .displayName("Sentiment Categories")
                            .defaultValue(DEFAULT_CATEGORIES)
                            .description("A comma-separated list of categories to analyze")
                            .noExpression())
                    .child(PropertySpec.string("systemPromptTemplate")
                            .displayName("System Prompt Template")
                            .defaultValue(SYSTEM_PROMPT)
                            .rows(6))
                    .child(PropertySpec.bool("includeDetailedResults")
                            .displayName("Include Detailed Results")
                            .defaultValue(false))
                    .child(PropertySpec.bool("enableAutoFixing")
                            .displayName("Enable Auto-Fixing")
                            .defaultValue(true)))
            .build();

    static List<String> categories(String text) {
        return Arrays.stream(text.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static List<PortSpec> ports(String text) {
        List<PortSpec> out = new ArrayList<>();
        List<String> cats = categories(text);
        for (int i = 0; i < cats.size(); i++) {
            out.add(PortSpec.of(String.valueOf(i), cats.get(i)));
        }
        return out;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    /** One output per configured category (the descriptor's ports are those of the default categories). */
    @Override
    public List<PortSpec> outputs(Node node) {
        JsonNode raw = node.parameters().path("options").path("categories");
        return ports(raw.isTextual() ? raw.asText() : DEFAULT_CATEGORIES);
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        JsonNode raw = ctx.rawParam("options.categories");
        String text = raw != null && raw.isTextual() ? raw.asText() : DEFAULT_CATEGORIES;
        List<String> cats = categories(text);
        if (cats.isEmpty()) {
            throw NodeException.user("No sentiment categories provided");
        }
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        var en = props.putObject("sentiment").put("type", "string").putArray("enum");
        cats.forEach(en::add);
        props.putObject("strength")
                .put("type", "number")
                .put("minimum", 0)
                .put("maximum", 1)
                .put("description", "Strength score for sentiment in relation to the category");
        props.putObject("confidence").put("type", "number").put("minimum", 0).put("maximum", 1);
        schema.putArray("required").add("sentiment").add("strength").add("confidence");
        List<List<Item>> ports = new ArrayList<>();
        cats.forEach(c -> ports.add(new ArrayList<>()));
        List<Item> errors = new ArrayList<>();
        for (int item = 0; item < ctx.items().size(); item++) {
            try {
                LanguageModel model = ctx.attachedOne(
                                ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                        .value();
                String input = ctx.param("inputText", item, String.class, "");
                if (input == null || input.isBlank()) {
                    throw NodeException.user("the text to analyze is empty", item);
                }
                String system = ctx.param("options.systemPromptTemplate", item, String.class, SYSTEM_PROMPT)
                        .replace("{categories}", text);
                boolean fix = ctx.param("options.enableAutoFixing", item, Boolean.class, true);
                JsonNode answer = Structured.ask(ctx, model, system, input, schema, fix, item);
                String sentiment = answer.path("sentiment").asText();
                int index = -1;
                for (int c = 0; c < cats.size() && index < 0; c++) {
                    if (cats.get(c).equalsIgnoreCase(sentiment)) {
                        index = c;
                    }
                }
                if (index < 0) {
                    continue; // as n8n: an answer outside the categories drops the item
                }
                ObjectNode json = ctx.items().get(item).json().deepCopy();
                ObjectNode sa = json.putObject("sentimentAnalysis").put("category", sentiment);
                if (ctx.param("options.includeDetailedResults", item, Boolean.class, false)) {
                    sa.set("strength", answer.get("strength"));
                    sa.set("confidence", answer.get("confidence"));
                }
                ports.get(index).add(PerItem.paired(ctx.items().get(item).withJson(json), item));
            } catch (NodeException e) {
                if (!ctx.continueOnFail()) {
                    throw e;
                }
                errors.add(PerItem.paired(Item.of(Json.object().put("error", e.getMessage())), item));
            }
        }
        return NodeResult.withErrors(ports, errors);
    }
}
