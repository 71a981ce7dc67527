package io.hetumind.nodes.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.NodeRun;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.RhinoExpressionEngine;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.ai.model.LanguageModel;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs workflows through the real engine with every ServiceLoader node and per-type test credentials. */
final class AiRun {

    static final NodeRegistry REGISTRY = NodeRegistry.load();

    /** Parameters an AI node read that its descriptor does not declare for that version. */
    static final java.util.Set<String> UNDECLARED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** AI-node parameter reads checked so far (to prove the check runs). */
    static final java.util.concurrent.atomic.AtomicInteger CHECKED = new java.util.concurrent.atomic.AtomicInteger();

    static {
        // every parameter an AI node reads in any test must be declared for the version read
        io.hetumind.core.spi.ParameterReads.install((type, version, parameters, path) -> REGISTRY.find(type)
                .filter(t -> t.getClass().getName().startsWith("io.hetumind.nodes.ai."))
                .ifPresent(t -> {
                    var d = t.descriptor();
                    CHECKED.incrementAndGet();
                    if (!d.supports(version)) {
                        UNDECLARED.add(d.type() + " v" + version + ": version not declared");
                    } else if (d.propertyAt(path, version) == null) {
                        UNDECLARED.add(d.type() + " v" + version + ": '" + path + "' read but not declared");
                    }
                }));
    }

    private final Engine engine;
    private io.hetumind.core.spi.BinaryStore binaryStore;

    AiRun(Map<String, ObjectNode> credentials) {
        this(credentials, null);
    }

    AiRun(Map<String, ObjectNode> credentials, io.hetumind.core.spi.NetworkPolicy policy) {
        this(credentials, policy, Map.of());
    }

    /** With {@code library}: the workflows a node may load by id (the host's resolver). */
    AiRun(
            Map<String, ObjectNode> credentials,
            io.hetumind.core.spi.NetworkPolicy policy,
            Map<String, Workflow> library) {
        this(credentials, policy, library, null);
    }

    /** With {@code checkpointer} (null: the engine's default) keeping the runs. */
    AiRun(
            Map<String, ObjectNode> credentials,
            io.hetumind.core.spi.NetworkPolicy policy,
            Map<String, Workflow> library,
            io.hetumind.core.engine.Checkpointer checkpointer) {
        var builder = Engine.builder().workflows(ref -> Optional.ofNullable(library.get(ref)));
        if (checkpointer != null) {
            builder.checkpointer(checkpointer);
        }
        if (policy != null) {
            builder.service(io.hetumind.core.spi.NetworkPolicy.class, policy);
        }
        try {
            binaryStore = new io.hetumind.core.engine.FileBinaryStore(
                    java.nio.file.Files.createTempDirectory("ai-binary"), 64L << 20);
            builder.service(io.hetumind.core.spi.BinaryStore.class, binaryStore);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        engine = builder.registry(REGISTRY)
                .expressions(new RhinoExpressionEngine())
                .credentials((ref, type) ->
                        Optional.ofNullable(credentials.get(type)).map(ObjectNode::deepCopy))
                .build();
    }

    static AiRun openAi(FakeProvider p) {
        return openAi(p, Map.of());
    }

    /** Like {@link #openAi(FakeProvider)}, with workflows a node may load by id. */
    static AiRun openAi(FakeProvider p, Map<String, Workflow> library) {
        return new AiRun(credentials(p), null, library);
    }

    /** Like {@link #openAi(FakeProvider)}, keeping runs in {@code checkpointer}. */
    static AiRun openAi(FakeProvider p, io.hetumind.core.engine.Checkpointer checkpointer) {
        return new AiRun(credentials(p), null, Map.of(), checkpointer);
    }

    /** The state of execution {@code id} as the checkpointer rebuilds it (snapshot, then its journal replayed). */
    io.hetumind.core.engine.ExecutionState recover(Workflow wf, String id) {
        return engine.recover(engine.prepare(wf), id);
    }

    private static Map<String, ObjectNode> credentials(FakeProvider p) {
        return (Map.of(
                "openAiApi", Json.object().put("apiKey", "sk-test").put("url", p.url() + "/v1"),
                "anthropicApi", Json.object().put("apiKey", "ak-test").put("url", p.url()),
                "ollamaApi", Json.object().put("baseUrl", p.url() + "/"),
                "googlePalmApi", Json.object().put("apiKey", "gk-test").put("host", p.url()),
                "cohereApi", Json.object().put("apiKey", "co-test").put("url", p.url())));
    }

    /** Stores {@code data} in the engine's binary store, as a node upstream would. */
    io.hetumind.core.model.BinaryRef putBinary(byte[] data, String mimeType, String fileName) {
        try {
            return binaryStore.put("exec-test", new java.io.ByteArrayInputStream(data), mimeType, fileName);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    ExecutionResult run(Workflow wf, List<Item> input) {
        return run(wf, RunRequest.defaults().sequential().withInput(input));
    }

    ExecutionResult run(Workflow wf, RunRequest request) {
        ExecutionResult r = engine.run(engine.prepare(wf), request);
        if (!UNDECLARED.isEmpty()) {
            throw new AssertionError("parameters read but not declared: " + UNDECLARED);
        }
        return r;
    }

    ExecutionResult run(String json, List<Item> input) {
        return run(WorkflowFormat.readJson(json), input);
    }

    /** A workflow: a trigger feeding {@code root}, plus the given nodes and connections (JSON fragments). */
    static String workflow(String nodes, String connections) {
        return "{\"id\":\"wf-ai\",\"name\":\"ai\",\"nodes\":[{\"name\":\"Start\",\"type\":\"hetumind.manualTrigger\"},"
                + nodes + "],\"connections\":{" + connections + "}}";
    }

    /**
     * Agent options {@code options} (a JSON object) with the system message n8n's agent sends by default before 1.9,
     * for tests of agents 1.9+ that count on one (from 1.9 n8n sends a system message only when the option is set).
     */
    static String withSystemMessage(String options) {
        if (options.contains("\"systemMessage\"")) {
            return options;
        }
        String body = options.trim().substring(1).trim();
        return "{\"systemMessage\":\"You are a helpful assistant\"" + (body.equals("}") ? "}" : "," + body);
    }

    static Item item(String json) {
        try {
            return Item.of((ObjectNode) Json.reader().readTree(json));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The model-call records of a node's first run: the console lines of the runs of its model sub-nodes (each call is
     * a run of the model sub-node, recorded with the root's run).
     */
    static List<JsonNode> modelCalls(ExecutionResult r, String node) {
        NodeRun run = r.state().runs(node).getFirst();
        return run.subRuns().stream()
                .filter(sub -> sub.connectionType().equals(io.hetumind.core.model.ConnectionTypes.AI_LANGUAGE_MODEL))
                .flatMap(sub -> sub.run().console().stream())
                .map(l -> l.substring(
                        l.indexOf(LanguageModel.RECORD_PREFIX) < 0 ? 0 : l.indexOf(LanguageModel.RECORD_PREFIX)))
                .filter(l -> l.startsWith(LanguageModel.RECORD_PREFIX))
                .map(l -> {
                    try {
                        return Json.reader().readTree(l.substring(LanguageModel.RECORD_PREFIX.length()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }
}
