package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PortRule;
import io.hetumind.core.spi.PortSpec;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Text Classifier (n8n {@code textClassifier} 1–1.1): one output per category (plus "Other" with
 * {@code fallback: other}); the model answers a true/false per category and each item goes to
 * every output whose category is true (one at most unless {@code multiClass}).
 */
public final class TextClassifierNode implements NodeType {

    static final String SYSTEM_PROMPT = "Please classify the text provided by the user into one of the following"
            + " categories: {categories}, and use the provided formatting instructions below. Don't explain, and only"
            + " output the json.";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.textClassifier")
            .versions(1, 1.1)
            .displayName("Text Classifier")
            .description("Classify your text into distinct categories")
            .group(NodeGroup.AI)
            .icon("tags")
            .alias(AiParams.N8N + "textClassifier")
            .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model"))
            .outputs()
            .outputRule(new PortRule.Concat(
                    List.of(
                            new PortRule.PerEntry("categories.categories", "category", null),
                            new PortRule.When(
                                    List.of(new PortRule.When.Case(
                                            Map.of("options.fallback", List.of(Json.F.textNode("other"))),
                                            PortRule.fixed(PortSpec.of("other", "Other")))),
                                    null)),
                    null))
            .property(PropertySpec.string("inputText")
                    .displayName("Text to Classify")
                    .defaultValue("")
                    .required()
                    .rows(2))
            .property(PropertySpec.fixedCollection("categories")
                    .displayName("Categories")
                    .defaultValue(Json.object())
                    .child(PropertySpec.collection("categories")
                            .displayName("Categories")
                            .multipleValues()
                            .child(PropertySpec.string("category")
                                    .displayName("Category")
                                    .defaultValue("")
                                    .required())
                            .child(PropertySpec.string("description")
                                    .displayName("Description")
                                    .defaultValue(""))))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.bool("multiClass")
                            .displayName("Allow Multiple Classes To Be True")
                            .defaultValue(false))
                    .child(PropertySpec.options("fallback")
                            .displayName("When No Clear Match")
                            .defaultValue("discard")
                            .option("discard", "Discard Item", "Ignore the item and drop it from the output")
                            .option(
                                    "other",
                                    "Output on Extra, 'Other' Branch",
                                    "Create a separate output called 'Other'"))
                    .child(PropertySpec.string("systemPromptTemplate")
                            .displayName("System Prompt Template")
                            .defaultValue(SYSTEM_PROMPT)
                            .rows(6))
                    .child(PropertySpec.bool("enableAutoFixing")
                            .displayName("Enable Auto-Fixing")
                            .defaultValue(true)))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        JsonNode cats = ctx.paramTree("categories.categories", 0);
        if (cats == null || !cats.isArray() || cats.isEmpty()) {
            throw NodeException.user("At least one category must be defined");
        }
        List<String> names = new ArrayList<>();
        ObjectNode schema = Json.object().put("type", "object");
        ObjectNode props = schema.putObject("properties");
        var required = schema.putArray("required");
        for (JsonNode c : cats) {
            String name = c.path("category").asText("");
            if (name.isBlank()) {
                throw NodeException.user("parameter 'categories.categories': a category has no name");
            }
            names.add(name);
            props.putObject(name)
                    .put("type", "boolean")
                    .put(
                            "description",
                            "Should be true if the input has category \"" + name + "\" (description: "
                                    + c.path("description").asText("") + ")");
            required.add(name);
        }
        String fallback = ctx.param("options.fallback", 0, String.class, "discard");
        boolean other = "other".equals(fallback);
        if (other) {
            props.putObject("fallback")
                    .put("type", "boolean")
                    .put("description", "Should be true if none of the other categories apply");
            required.add("fallback");
        }
        boolean multi = ctx.param("options.multiClass", 0, Boolean.class, false);
        List<List<Item>> ports = new ArrayList<>();
        for (int i = 0; i < names.size() + (other ? 1 : 0); i++) {
            ports.add(new ArrayList<>());
        }
        List<Item> errors = new ArrayList<>();
        for (int item = 0; item < ctx.items().size(); item++) {
            try {
                LanguageModel model = ctx.attachedOne(
                                ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                        .value();
                String text = ctx.param("inputText", item, String.class, "");
                if (text == null || text.isBlank()) {
                    throw NodeException.user("the text to classify is empty", item);
                }
                String system = ctx.param("options.systemPromptTemplate", item, String.class, SYSTEM_PROMPT)
                                .replace("{categories}", String.join(", ", names))
                        + "\n"
                        + (multi
                                ? "Categories are not mutually exclusive, and multiple can be true"
                                : "Categories are mutually exclusive, and only one can be true")
                        + "\n"
                        + (other
                                ? "If no categories apply, select the \"fallback\" option."
                                : "If there is not a very fitting category, select none of the categories.");
                boolean fix = ctx.param("options.enableAutoFixing", item, Boolean.class, true);
                JsonNode answer = Structured.ask(ctx, model, system, text, schema, fix, item);
                Item in = PerItem.paired(ctx.items().get(item), item);
                for (int c = 0; c < names.size(); c++) {
                    if (answer.path(names.get(c)).asBoolean(false)) {
                        ports.get(c).add(in);
                    }
                }
                if (other && answer.path("fallback").asBoolean(false)) {
                    ports.getLast().add(in);
                }
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
