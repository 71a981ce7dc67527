package io.hetumind.nodes.ai.parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubNodeCall;
import io.hetumind.core.spi.SubPort;
import io.hetumind.core.spi.SupplierNode;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.model.LanguageModel;
import java.util.List;

/**
 * Structured Output Parser (n8n {@code outputParserStructured} 1.1–1.3): asks the model for
 * {@code {"output": …}} matching a JSON schema (given, or generated from an example) and checks
 * the answer. With {@code autoFix} (1.3) a model attached to the parser is asked once to repair
 * an answer that does not fit, told what was wrong.
 */
public final class StructuredOutputParserNode implements SupplierNode {

    static final String WRAPPER = "__structured__output";
    static final String WRAPPER_OBJECT = "__structured__output__object";
    static final String WRAPPER_ARRAY = "__structured__output__array";

    static final String EXAMPLE =
            "{\n\t\"state\": \"California\",\n\t\"cities\": [\"Los Angeles\", \"San Francisco\", \"San Diego\"]\n}";
    public static final String SCHEMA =
            "{\n\t\"type\": \"object\",\n\t\"properties\": {\n\t\t\"state\": {\n\t\t\t\"type\": \"string\"\n\t\t},"
                    + "\n\t\t\"cities\": {\n\t\t\t\"type\": \"array\",\n\t\t\t\"items\": {\n\t\t\t\t\"type\": \"string\"\n\t\t\t}\n\t\t}\n\t}\n}";
    /** Versions 1 and 1.1's default: the same schema, indented by two spaces as n8n has it. */
    static final String SCHEMA_V1 =
            "{\n  \"type\": \"object\",\n  \"properties\": {\n    \"state\": {\n      \"type\": \"string\"\n    },"
                    + "\n    \"cities\": {\n      \"type\": \"array\",\n      \"items\": {\n        \"type\": \"string\"\n      }\n    }\n  }\n}";

    static final String FIX_PROMPT = "Instructions:\n--------------\n{instructions}\n--------------\nCompletion:\n"
            + "--------------\n{completion}\n--------------\n\nAbove, the Completion did not satisfy the constraints given"
            + " in the Instructions.\nError:\n--------------\n{error}\n--------------\n\nPlease try again. Please only"
            + " respond with an answer that satisfies the constraints laid out in the Instructions:";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.outputParserStructured")
            .versions(1, 1.1, 1.2, 1.3)
            .displayName("Structured Output Parser")
            .description("Return data in a defined JSON format")
            .group(NodeGroup.AI)
            .icon("code")
            .alias(AiParams.N8N + "outputParserStructured")
            .subNode(ConnectionTypes.AI_OUTPUT_PARSER)
            .subInput(
                    SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model").showWhen("autoFix", true))
            .property(PropertySpec.options("schemaType")
                    .displayName("Schema Type")
                    .defaultValue("fromJson")
                    .option("fromJson", "Generate From JSON Example")
                    .option("manual", "Define using JSON Schema")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3))
            .property(PropertySpec.json("jsonSchemaExample")
                    .displayName("JSON Example")
                    .defaultValue(EXAMPLE)
                    .showWhen("schemaType", "fromJson")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3))
            .property(PropertySpec.json("inputSchema")
                    .displayName("Input Schema")
                    .defaultValue(SCHEMA)
                    .showWhen("schemaType", "manual")
                    .showWhen(PropertySpec.VERSION, 1.2, 1.3))
            .property(PropertySpec.json("jsonSchema")
                    .displayName("JSON Schema")
                    .defaultValue(SCHEMA_V1)
                    .required()
                    .showWhen(PropertySpec.VERSION, 1, 1.1))
            .property(PropertySpec.bool("autoFix")
                    .displayName("Auto-Fix Format")
                    .defaultValue(false)
                    .description("Whether to ask the attached model to fix an answer that does not fit the schema")
                    .showWhen(PropertySpec.VERSION, 1.3))
            .property(PropertySpec.bool("customizeRetryPrompt")
                    .displayName("Customize Retry Prompt")
                    .defaultValue(false)
                    .showWhen("autoFix", true))
            .property(PropertySpec.string("prompt")
                    .displayName("Custom Prompt")
                    .defaultValue(FIX_PROMPT)
                    .description("{instructions}, {completion} and {error} are replaced")
                    .showWhen("customizeRetryPrompt", true))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Object supply(NodeContext ctx, String connectionType, int item) {
        JsonNode schema = schema(ctx, item);
        boolean autoFix = ctx.node().typeVersion() >= 1.3 && ctx.param("autoFix", item, Boolean.class, false);
        LanguageModel fixer = autoFix
                ? ctx.attachedOne(
                                ConnectionTypes.AI_LANGUAGE_MODEL,
                                item,
                                LanguageModel.class,
                                "a chat model to fix answers")
                        .value()
                : null;
        String fixPrompt = autoFix && ctx.param("customizeRetryPrompt", item, Boolean.class, false)
                ? ctx.param("prompt", item, String.class, FIX_PROMPT)
                : FIX_PROMPT;
        return new SchemaParser(
                ctx.node().name(), schema, fixer, fixPrompt, ctx, ctx.node().typeVersion() < 1.1);
    }

    private static JsonNode schema(NodeParameters ctx, int item) {
        boolean example = ctx.node().typeVersion() >= 1.2
                && "fromJson".equals(ctx.param("schemaType", item, String.class, "fromJson"));
        String param = ctx.node().typeVersion() < 1.2 ? "jsonSchema" : example ? "jsonSchemaExample" : "inputSchema";
        JsonNode raw = ctx.paramTree(param, item);
        JsonNode tree;
        try {
            tree = raw == null ? null : raw.isTextual() ? Json.reader().readTree(raw.asText()) : raw;
        } catch (Exception e) {
            throw NodeException.user("parameter '" + param + "' is not valid JSON: " + e.getMessage(), item);
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            throw NodeException.user("parameter '" + param + "' is empty", item);
        }
        if (example) {
            return JsonSchemas.fromExample(tree);
        }
        if (!tree.isObject()) {
            throw NodeException.user("parameter '" + param + "' must be a JSON Schema object", item);
        }
        return tree;
    }

    /**
     * A parser for {@code schema} (root nodes that ask for structure themselves use it too);
     * {@code fixer} (nullable) is asked once to repair an answer that does not fit.
     */
    public static OutputParser forSchema(String node, JsonNode schema, LanguageModel fixer, NodeContext ctx) {
        return new SchemaParser(node, schema, fixer, FIX_PROMPT, ctx, false);
    }

    /** The parser a root gets. */
    static final class SchemaParser implements OutputParser {
        private final String node;
        private final JsonNode schema;
        private final LanguageModel fixer;
        private final String fixPrompt;
        private final NodeContext ctx;
        /** Version 1: n8n asks for {@code __structured__output} holding the value as an object or a list. */
        private final boolean wrapped;

        SchemaParser(
                String node, JsonNode schema, LanguageModel fixer, String fixPrompt, NodeContext ctx, boolean wrapped) {
            this.node = node;
            this.wrapped = wrapped;
            this.schema = schema;
            this.fixer = fixer;
            this.fixPrompt = fixPrompt;
            this.ctx = ctx;
        }

        @Override
        public String formatInstructions() {
            return "You must format your output as a JSON value that adheres to the JSON Schema below. Answer with"
                    + " that JSON only, in a ```json code block, no other text.\n```json\n"
                    + answerSchema().toPrettyString()
                    + "\n```";
        }

        /** The answer's schema: {@code {output: schema}} (version 1: n8n's {@code __structured__output} wrapper). */
        @Override
        public JsonNode answerSchema() {
            ObjectNode wrapped = Json.object().put("type", "object");
            if (this.wrapped) {
                ObjectNode inner = wrapped.putObject("properties").putObject(WRAPPER);
                inner.put("type", "object");
                ObjectNode props = inner.putObject("properties");
                props.set(WRAPPER_OBJECT, schema);
                props.putObject(WRAPPER_ARRAY).put("type", "array").set("items", schema);
                inner.put(
                        "description",
                        "Wrapper around the output data. It can only contain " + WRAPPER_OBJECT + " or " + WRAPPER_ARRAY
                                + " but never both.");
                wrapped.putArray("required").add(WRAPPER);
            } else {
                wrapped.putObject("properties").set("output", schema);
                wrapped.putArray("required").add("output");
            }
            return wrapped;
        }

        /**
         * Each parse is a run of the parser in run data, as n8n's {@code N8nStructuredOutputParser} records it:
         * {@code {action: "parse", text}} in, {@code {action: "parse", response}} out, or the error. With auto-fix the
         * whole parse is one more entry around those (n8n's {@code N8nOutputFixingParser}), started first: the first
         * attempt's entry, the fixing model's call, the second attempt's entry.
         */
        @Override
        public JsonNode parse(String answer, int itemIndex) {
            if (fixer == null) {
                try {
                    return attempt(answer, itemIndex, "");
                } catch (Misfit m) {
                    throw m.error;
                }
            }
            SubNodeCall whole = ctx.recordCall(ConnectionTypes.AI_OUTPUT_PARSER, List.of(parseInput(answer)));
            try {
                JsonNode result = fixing(answer, itemIndex);
                whole.succeeded(List.of(parseOutput(result)));
                return result;
            } catch (RuntimeException e) {
                whole.failed(e);
                throw e;
            }
        }

        private JsonNode fixing(String answer, int itemIndex) {
            try {
                return attempt(answer, itemIndex, "");
            } catch (Misfit first) {
                String prompt = fixPrompt
                        .replace("{instructions}", formatInstructions())
                        .replace("{completion}", answer)
                        .replace("{error}", first.why);
                ctx.log("answer does not fit the schema (" + first.why + "); asking the model to fix it");
                String fixed = fixer.chat(
                                ChatRequest.builder()
                                        .messages(List.of(UserMessage.from(prompt)))
                                        .build(),
                                itemIndex)
                        .aiMessage()
                        .text();
                try {
                    return attempt(fixed == null ? "" : fixed, itemIndex, "after auto-fix: ");
                } catch (Misfit second) {
                    throw second.error;
                }
            }
        }

        /** One check of {@code text}, recorded as a parse; a misfit is recorded as the node error it becomes. */
        private JsonNode attempt(String text, int itemIndex, String prefix) {
            SubNodeCall call = ctx.recordCall(ConnectionTypes.AI_OUTPUT_PARSER, List.of(parseInput(text)));
            try {
                JsonNode result = check(text);
                call.succeeded(List.of(parseOutput(result)));
                return result;
            } catch (IllegalArgumentException e) {
                NodeException error = error(prefix + e.getMessage(), text, itemIndex);
                call.failed(error);
                throw new Misfit(e.getMessage(), error);
            } catch (RuntimeException e) {
                call.failed(e);
                throw e;
            }
        }

        private static Item parseInput(String text) {
            return Item.of(Json.object().put("action", "parse").put("text", text));
        }

        private static Item parseOutput(JsonNode response) {
            ObjectNode out = Json.object().put("action", "parse");
            out.set("response", response);
            return Item.of(out);
        }

        /** An answer that does not fit: why (for the fix prompt) and the error the node fails with. */
        private static final class Misfit extends RuntimeException {
            final String why;
            final NodeException error;

            Misfit(String why, NodeException error) {
                super(why, null, false, false);
                this.why = why;
                this.error = error;
            }
        }

        private NodeException error(String why, String answer, int itemIndex) {
            String shown = answer == null ? "" : answer.length() > 300 ? answer.substring(0, 300) + "…" : answer;
            return new NodeException(
                    io.hetumind.core.spi.ErrorKind.USER,
                    "'" + node + "': model output doesn't fit required format: " + why,
                    itemIndex,
                    "model answer: " + shown,
                    null);
        }

        /** {@code {"output": value}} when the answer holds JSON that fits the schema; else why not. */
        JsonNode check(String answer) {
            JsonNode tree = Answers.json(answer);
            if (wrapped) {
                return Json.object().set("output", unwrap(tree));
            }
            JsonNode value =
                    tree.isObject() && tree.has("output") && !isProperty(schema, "output") ? tree.get("output") : tree;
            List<String> problems = JsonSchemas.validate(schema, value);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return Json.object().set("output", value);
        }

        /** Version 1's answer: exactly one of the object or the list under {@code __structured__output}. */
        private JsonNode unwrap(JsonNode tree) {
            JsonNode w = tree.path(WRAPPER);
            if (!w.isObject()) {
                throw new IllegalArgumentException("the answer has no object '" + WRAPPER + "'");
            }
            JsonNode object = w.get(WRAPPER_OBJECT);
            JsonNode array = w.get(WRAPPER_ARRAY);
            boolean hasObject = object != null && !object.isNull();
            boolean hasArray = array != null && !array.isNull();
            if (hasObject == hasArray) {
                throw new IllegalArgumentException(
                        "One and only one of " + WRAPPER_OBJECT + " and " + WRAPPER_ARRAY + " should be present.");
            }
            List<String> problems = new java.util.ArrayList<>();
            if (hasObject) {
                problems.addAll(JsonSchemas.validate(schema, object));
            } else if (!array.isArray()) {
                problems.add(WRAPPER_ARRAY + " must be a list");
            } else {
                for (int i = 0; i < array.size(); i++) {
                    int at = i;
                    JsonSchemas.validate(schema, array.get(i)).forEach(m -> problems.add("[" + at + "] " + m));
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return hasObject ? object : array;
        }

        private static boolean isProperty(JsonNode schema, String name) {
            return schema.path("properties").has(name);
        }
    }
}
