package io.hetumind.nodes.ai.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.hetumind.core.model.ConnectionTypes;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeEnvironment;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.SubPort;
import io.hetumind.nodes.ai.internal.AiParams;
import io.hetumind.nodes.ai.internal.PerItem;
import io.hetumind.nodes.ai.model.LanguageModel;
import io.hetumind.nodes.ai.vector.Doc;
import io.hetumind.nodes.ai.vector.DocumentLoader;
import io.hetumind.nodes.ai.vector.TextSplitter;
import io.hetumind.nodes.ai.vector.TextSplitters;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Summarization Chain (n8n {@code chainSummarization} 1, 2, 2.1): cuts each item (its JSON, or what the attached
 * document loader makes of it; in 1 always the loader) into chunks and summarizes them as LangChain's chains do —
 * {@code map_reduce}: while the combine prompt over the texts is over LangChain's token budget, each text is replaced by
 * its summary, then the texts are combined; {@code stuff}: all chunks in one prompt; {@code refine}: the first chunk,
 * then the summary refined chunk by chunk. Output {@code {response: {text}}} ({@code output_text} for refine and for
 * 2.1's batched runs), as LangChain's chains name it.
 */
public final class SummarizationChainNode implements NodeType {

    static final String DEFAULT_PROMPT =
            "Write a concise summary of the following:\n\n\n\"{text}\"\n\n\nCONCISE SUMMARY:";

    static final String REFINE_PROMPT = "Your job is to produce a final summary\n"
            + "We have provided an existing summary up to a certain point: \"{existing_answer}\"\n"
            + "We have the opportunity to refine the existing summary\n"
            + "(only if needed) with some more context below.\n"
            + "------------\n"
            + "\"{text}\"\n"
            + "------------\n\n"
            + "Given the new context, refine the original summary\n"
            + "If the context isn't useful, return the original summary.\n\n"
            + "REFINED SUMMARY:";

    /** LangChain's {@code MapReduceDocumentsChain.maxTokens}: a combine prompt under it needs no (more) map round. */
    static final int MAP_REDUCE_MAX_TOKENS = 3000;

    /** LangChain's {@code MapReduceDocumentsChain.maxIterations}: map rounds before the combine prompt is asked anyway. */
    static final int MAP_REDUCE_MAX_ITERATIONS = 10;

    /** The prompts shown depend on the method, their sibling (n8n writes the absolute path; siblings are what forms see). */
    private static final String METHOD = "summarizationMethod";

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder("hetumind.chainSummarization")
            .versions(1, 2, 2.1)
            .displayName("Summarization Chain")
            .description("Summarize text with a chat model: map-reduce, stuff or refine")
            .group(NodeGroup.AI)
            .icon("link")
            .alias(AiParams.N8N + "chainSummarization")
            .subInput(SubPort.required(ConnectionTypes.AI_LANGUAGE_MODEL, "Model"))
            .subInput(SubPort.required(ConnectionTypes.AI_DOCUMENT, "Document").showWhen(PropertySpec.VERSION, 1))
            .subInput(SubPort.required(ConnectionTypes.AI_DOCUMENT, "Document")
                    .showWhen("operationMode", "documentLoader"))
            .subInput(SubPort.optional(ConnectionTypes.AI_TEXT_SPLITTER, "Text Splitter")
                    .showWhen("chunkingMode", "advanced"))
            .property(PropertySpec.options("type")
                    .displayName("Type")
                    .description("The type of summarization to run")
                    .defaultValue("map_reduce")
                    .option(
                            "map_reduce",
                            "Map Reduce (Recommended)",
                            "Summarize each document (or chunk) individually, then summarize those summaries")
                    .option(
                            "refine",
                            "Refine",
                            "Summarize the first document (or chunk). Then update that summary based on the next"
                                    + " document (or chunk), and repeat.")
                    .option("stuff", "Stuff", "Pass all documents (or chunks) at once. Ideal for small datasets.")
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    // n8n 1 labels combineMapPrompt "Final Prompt to Combine" and prompt "Individual Summary
                    // Prompt", the other way round from what LangChain does with them; these are the labels of 2
                    .child(PropertySpec.string("combineMapPrompt")
                            .displayName("Individual Summary Prompt")
                            .description("The prompt to summarize an individual document (or chunk)")
                            .defaultValue(DEFAULT_PROMPT)
                            .rows(6)
                            .showWhen("/type", "map_reduce"))
                    .child(PropertySpec.string("prompt")
                            .displayName("Final Prompt to Combine")
                            .description("The prompt to combine individual summaries")
                            .defaultValue(DEFAULT_PROMPT)
                            .rows(6)
                            .showWhen("/type", "map_reduce"))
                    .child(PropertySpec.string("prompt")
                            .displayName("Prompt")
                            .defaultValue(DEFAULT_PROMPT)
                            .rows(6)
                            .showWhen("/type", "stuff"))
                    .child(PropertySpec.string("refinePrompt")
                            .displayName("Subsequent (Refine) Prompt")
                            .description("The prompt to refine the summary based on the next document (or chunk)")
                            .defaultValue(REFINE_PROMPT)
                            .rows(6)
                            .showWhen("/type", "refine"))
                    .child(PropertySpec.string("refineQuestionPrompt")
                            .displayName("Initial Prompt")
                            .description("The prompt for the first document (or chunk)")
                            .defaultValue(DEFAULT_PROMPT)
                            .rows(6)
                            .showWhen("/type", "refine"))
                    .showWhen(PropertySpec.VERSION, 1))
            .property(PropertySpec.options("operationMode")
                    .displayName("Data to Summarize")
                    .defaultValue("nodeInputJson")
                    .noExpression()
                    .option("nodeInputJson", "Use Node Input (JSON)", "Summarize the JSON of each input item")
                    .option("documentLoader", "Use Document Loader", "Use a document loader sub-node")
                    .showWhen(PropertySpec.VERSION, 2, 2.1))
            .property(PropertySpec.options("chunkingMode")
                    .displayName("Chunking Strategy")
                    .defaultValue("simple")
                    .noExpression()
                    .option("simple", "Simple (Define Below)")
                    .option("advanced", "Advanced", "Use a text splitter sub-node")
                    .showWhen("operationMode", "nodeInputJson")
                    .showWhen(PropertySpec.VERSION, 2, 2.1))
            .property(PropertySpec.number("chunkSize")
                    .displayName("Characters Per Chunk")
                    .defaultValue(1000)
                    .minValue(1)
                    .showWhen("chunkingMode", "simple")
                    .showWhen(PropertySpec.VERSION, 2, 2.1))
            .property(PropertySpec.number("chunkOverlap")
                    .displayName("Chunk Overlap (Characters)")
                    .defaultValue(200)
                    .minValue(0)
                    .showWhen("chunkingMode", "simple")
                    .showWhen(PropertySpec.VERSION, 2, 2.1))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .defaultValue(Json.object())
                    .child(PropertySpec.fixedCollection("summarizationMethodAndPrompts")
                            .displayName("Summarization Method and Prompts")
                            .defaultValue(Json.object())
                            .child(PropertySpec.collection("values")
                                    .displayName("Values")
                                    .child(PropertySpec.options("summarizationMethod")
                                            .displayName("Summarization Method")
                                            .defaultValue("map_reduce")
                                            .option(
                                                    "map_reduce",
                                                    "Map Reduce (Recommended)",
                                                    "Summarize each chunk, then summarize those summaries")
                                            .option(
                                                    "refine",
                                                    "Refine",
                                                    "Summarize the first chunk, then refine it with each next one")
                                            .option("stuff", "Stuff", "All chunks in one prompt: small texts"))
                                    .child(PropertySpec.string("combineMapPrompt")
                                            .displayName("Individual Summary Prompt")
                                            .defaultValue(DEFAULT_PROMPT)
                                            .rows(9)
                                            .hideWhen(METHOD, "stuff", "refine"))
                                    .child(PropertySpec.string("prompt")
                                            .displayName("Final Prompt to Combine")
                                            .defaultValue(DEFAULT_PROMPT)
                                            .description("{text} is replaced by the summaries")
                                            .rows(9)
                                            .hideWhen(METHOD, "stuff", "refine"))
                                    .child(PropertySpec.string("prompt")
                                            .displayName("Prompt")
                                            .defaultValue(DEFAULT_PROMPT)
                                            .description("{text} is replaced by the chunks")
                                            .rows(9)
                                            .hideWhen(METHOD, "refine", "map_reduce"))
                                    .child(PropertySpec.string("refinePrompt")
                                            .displayName("Subsequent (Refine) Prompt")
                                            .defaultValue(REFINE_PROMPT)
                                            .rows(9)
                                            .hideWhen(METHOD, "stuff", "map_reduce"))
                                    .child(PropertySpec.string("refineQuestionPrompt")
                                            .displayName("Initial Prompt")
                                            .defaultValue(DEFAULT_PROMPT)
                                            .rows(9)
                                            .hideWhen(METHOD, "stuff", "map_reduce"))))
                    .child(PropertySpec.collection("batching")
                            .displayName("Batch Processing")
                            .defaultValue(Json.object())
                            .child(PropertySpec.number("batchSize")
                                    .displayName("Batch Size")
                                    .defaultValue(5)
                                    .minValue(1)
                                    .description("Chunks summarized per batch (map-reduce, refine)"))
                            .child(PropertySpec.number("delayBetweenBatches")
                                    .displayName("Delay Between Batches")
                                    .defaultValue(0)
                                    .minValue(0)
                                    .description("Milliseconds to wait between batches (rate limits)"))
                            .showWhen(PropertySpec.VERSION, 2.1))
                    .showWhen(PropertySpec.VERSION, 2, 2.1))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        if (ctx.node().typeVersion() < 2) {
            return executeV1(ctx);
        }
        String operationMode = ctx.param("operationMode", 0, String.class, "nodeInputJson");
        if (!operationMode.equals("nodeInputJson") && !operationMode.equals("documentLoader")) {
            throw NodeException.user("parameter 'operationMode': '" + operationMode
                    + "' is not supported (nodeInputJson, documentLoader)");
        }
        String chunking = ctx.param("chunkingMode", 0, String.class, "simple");
        if (!chunking.equals("simple") && !chunking.equals("advanced")) {
            throw NodeException.user(
                    "parameter 'chunkingMode': '" + chunking + "' is not supported (simple, advanced)");
        }
        return PerItem.run(ctx, item -> {
            LanguageModel model = ctx.attachedOne(
                            ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                    .value();
            JsonNode values = ctx.paramTree("options.summarizationMethodAndPrompts.values", item);
            ObjectNode v = values instanceof ObjectNode o ? o : Json.object();
            String method = v.path("summarizationMethod").asText("map_reduce");
            List<String> chunks = chunks(ctx, operationMode, chunking, item);
            boolean v21 = ctx.node().typeVersion() >= 2.1;
            int batchSize = v21 && ctx.rawParam("options.batching.batchSize") != null
                    ? AiParams.intIn(ctx, "options.batching.batchSize", item, 1, 1, 1000)
                    : 1;
            long delay = v21 && ctx.rawParam("options.batching.delayBetweenBatches") != null
                    ? AiParams.intIn(ctx, "options.batching.delayBetweenBatches", item, 0, 0, 3_600_000)
                    : 0;
            boolean batched = batchSize > 1;
            Summarizer s = new Summarizer(ctx, model, item, batchSize, delay);
            return summarize(
                    s, method, "options.summarizationMethodAndPrompts.values.summarizationMethod", v, chunks, batched);
        });
    }

    /**
     * n8n's {@code chainSummarization} 1: {@code type} and {@code options} (read at the first item, as n8n reads them)
     * and, per item, the documents the required document loader makes of it.
     */
    private static NodeResult executeV1(NodeContext ctx) {
        String type = ctx.param("type", 0, String.class, "map_reduce");
        JsonNode options = ctx.paramTree("options", 0);
        ObjectNode v = options instanceof ObjectNode o ? o : Json.object();
        return PerItem.run(ctx, item -> {
            LanguageModel model = ctx.attachedOne(
                            ConnectionTypes.AI_LANGUAGE_MODEL, item, LanguageModel.class, "a chat model")
                    .value();
            DocumentLoader loader = ctx.attachedOne(
                            ConnectionTypes.AI_DOCUMENT, item, DocumentLoader.class, "a document loader")
                    .value();
            checkPrompts(type, "type", v, item);
            List<String> docs = loader.load(ctx.items().get(item), item).stream()
                    .map(Doc::pageContent)
                    .toList();
            return summarize(new Summarizer(ctx, model, item, 1, 0), type, "type", v, docs, false);
        });
    }

    /**
     * One item's summary by {@code method}, as LangChain's summarization chains make it ({@code batched}: as n8n's
     * batched chain of 2.1, which maps every chunk).
     */
    private static ObjectNode summarize(
            Summarizer s, String method, String methodParam, ObjectNode v, List<String> chunks, boolean batched) {
        checkPrompts(method, methodParam, v, s.item());
        String summary;
        String key;
        switch (method) {
            case "map_reduce" -> {
                String map = prompt(v, "combineMapPrompt");
                String combine = prompt(v, "prompt");
                summary = batched ? s.mapThenCombine(chunks, map, combine) : s.mapReduce(chunks, map, combine);
                key = batched ? "output_text" : "text";
            }
            case "stuff" -> {
                summary = s.ask(format(prompt(v, "prompt"), Map.of("text", String.join("\n\n", chunks)), s.item()));
                key = batched ? "output_text" : "text";
            }
            case "refine" -> {
                summary = s.refine(chunks, prompt(v, "refineQuestionPrompt"), refinePrompt(v));
                key = "output_text";
            }
            default -> throw new IllegalStateException("checkPrompts lets no other method through: " + method);
        }
        ObjectNode out = Json.object();
        out.putObject("response").put(key, summary);
        return out;
    }

    /**
     * The method is known and its prompts use only their variables: checked before any call, as LangChain checks a
     * prompt template when it is made.
     */
    private static void checkPrompts(String method, String methodParam, ObjectNode v, int item) {
        switch (method) {
            case "map_reduce" -> {
                format(prompt(v, "combineMapPrompt"), Map.of("text", ""), item);
                format(prompt(v, "prompt"), Map.of("text", ""), item);
            }
            case "stuff" -> format(prompt(v, "prompt"), Map.of("text", ""), item);
            case "refine" -> {
                format(prompt(v, "refineQuestionPrompt"), Map.of("text", ""), item);
                format(refinePrompt(v), Map.of("existing_answer", "", "text", ""), item);
            }
            default ->
                throw NodeException.user(
                        "parameter '" + methodParam + "': '" + method
                                + "' is not supported (map_reduce, stuff, refine)",
                        item);
        }
    }

    private static String prompt(ObjectNode values, String field) {
        JsonNode p = values.get(field);
        return p == null || p.isNull() || p.asText().isEmpty() ? DEFAULT_PROMPT : p.asText();
    }

    private static String refinePrompt(ObjectNode values) {
        JsonNode p = values.get("refinePrompt");
        return p == null || p.isNull() || p.asText().isEmpty() ? REFINE_PROMPT : p.asText();
    }

    private static List<String> chunks(NodeContext ctx, String operationMode, String chunking, int item) {
        if (operationMode.equals("documentLoader")) {
            DocumentLoader loader = ctx.attachedOne(
                            ConnectionTypes.AI_DOCUMENT, item, DocumentLoader.class, "a document loader")
                    .value();
            return loader.load(ctx.items().get(item), item).stream()
                    .map(Doc::pageContent)
                    .toList();
        }
        String text = ctx.items().get(item).json().toString();
        TextSplitter splitter;
        if (chunking.equals("advanced")) {
            var attached = ctx.attached(ConnectionTypes.AI_TEXT_SPLITTER, item, TextSplitter.class);
            if (attached.isEmpty()) {
                return List.of(text); // advanced without a splitter: the whole item is one document, as in n8n
            }
            splitter = attached.getFirst().value();
        } else {
            int size = AiParams.intIn(ctx, "chunkSize", item, 1000, 1, 10_000_000);
            int overlap = AiParams.intIn(ctx, "chunkOverlap", item, 200, 0, 10_000_000);
            if (overlap >= size) {
                throw NodeException.user(
                        "the chunk overlap (" + overlap + ") must be smaller than the chunk size (" + size + ")", item);
            }
            splitter = TextSplitters.recursive(size, overlap);
        }
        return splitter.split(text);
    }

    /**
     * Fills a LangChain prompt template: {@code {name}} takes the variable, {@code {{} and {@code }}} are literal
     * braces; any other variable is a user error naming it (LangChain refuses it too).
     */
    static String format(String template, Map<String, String> vars, int item) {
        StringBuilder out = new StringBuilder(template.length() + 256);
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                String name = end < 0 ? null : template.substring(i + 1, end);
                if (name == null || !vars.containsKey(name)) {
                    throw NodeException.user(
                            "a summarization prompt uses {" + (name == null ? template.substring(i + 1) : name)
                                    + "}, which is not filled (this prompt has "
                                    + vars.keySet().stream()
                                            .sorted()
                                            .map(n -> "{" + n + "}")
                                            .toList()
                                    + "); write {{ and }} for literal braces",
                            item);
                }
                out.append(vars.get(name));
                i = end;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The model calls of one item: one user message per prompt, batches separated by the configured delay. */
    private record Summarizer(NodeEnvironment ctx, LanguageModel model, int item, int batchSize, long delayMs) {

        String ask(String prompt) {
            String text = model.chat(
                            ChatRequest.builder()
                                    .messages(List.of(UserMessage.from(prompt)))
                                    .build(),
                            item)
                    .aiMessage()
                    .text();
            return text == null ? "" : text;
        }

        /**
         * LangChain's {@code MapReduceDocumentsChain} (n8n's chain without batching): while the combine prompt over the
         * current texts is not under {@link #MAP_REDUCE_MAX_TOKENS} tokens, each text is replaced by its summary (at
         * most {@link #MAP_REDUCE_MAX_ITERATIONS} rounds); then the combine prompt is asked once. Texts that fit from
         * the start are combined without any map call.
         */
        String mapReduce(List<String> chunks, String map, String combine) {
            List<String> current = chunks;
            for (int i = 0; i < MAP_REDUCE_MAX_ITERATIONS; i++) {
                String combined = format(combine, Map.of("text", String.join("\n\n", current)), item);
                if (TextSplitters.countTokens(combined) < MAP_REDUCE_MAX_TOKENS) {
                    break;
                }
                current = each(current, map);
            }
            return ask(format(combine, Map.of("text", String.join("\n\n", current)), item));
        }

        /** n8n's batched map-reduce (2.1): every chunk summarized, then the summaries combined once. */
        String mapThenCombine(List<String> chunks, String map, String combine) {
            List<String> summaries = each(chunks, map);
            return ask(format(combine, Map.of("text", String.join("\n\n", summaries)), item));
        }

        List<String> each(List<String> chunks, String template) {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < chunks.size(); i++) {
                pauseBefore(i);
                out.add(ask(format(template, Map.of("text", chunks.get(i)), item)));
            }
            return out;
        }

        String refine(List<String> chunks, String first, String refine) {
            if (chunks.isEmpty()) {
                return "";
            }
            String summary = ask(format(first, Map.of("text", chunks.getFirst()), item));
            for (int i = 1; i < chunks.size(); i++) {
                pauseBefore(i - 1); // batches count the chunks after the first
                summary = ask(format(refine, Map.of("existing_answer", summary, "text", chunks.get(i)), item));
            }
            return summary;
        }

        private void pauseBefore(int index) {
            if (delayMs <= 0 || index == 0 || index % batchSize != 0) {
                return;
            }
            long until = System.nanoTime() + delayMs * 1_000_000;
            while (System.nanoTime() < until) {
                if (ctx.canceled()) {
                    throw NodeException.user("the execution was canceled", item);
                }
                try {
                    Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw NodeException.user("the execution was canceled", item);
                }
            }
        }
    }
}
