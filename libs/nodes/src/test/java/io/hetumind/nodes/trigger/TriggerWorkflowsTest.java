package io.hetumind.nodes.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.trigger.ActiveTriggers;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.WebhookResponder;
import io.hetumind.core.spi.trigger.WebhookResponse;
import io.hetumind.core.spi.trigger.WebhookSpec;
import io.hetumind.nodes.NodeTests;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Trigger nodes and sub-workflows run through the real engine, with n8n-format workflows. */
class TriggerWorkflowsTest {

    private final NodeRegistry registry = NodeRegistry.load();
    private final Map<String, Workflow> library = new java.util.HashMap<>();
    private final List<WebhookResponse> responses = new ArrayList<>();

    private Engine engine() {
        return Engine.builder()
                .registry(registry)
                .expressions(NodeTests.expressions())
                .workflows(ref -> Optional.ofNullable(library.get(ref)))
                .service(WebhookResponder.class, (id, response) -> responses.add(response))
                .clock(Clock.fixed(Instant.parse("2024-05-01T12:05:09Z"), ZoneOffset.UTC))
                .build();
    }

    /** An n8n export: nodes given as "Name|type|params" chained in order. */
    static Workflow chain(String id, String settings, String... nodes) {
        var wf = Json.object().put("id", id).put("name", id);
        var list = wf.putArray("nodes");
        var conns = wf.putObject("connections");
        String previous = null;
        for (String spec : nodes) {
            String[] p = spec.split("\\|", 3);
            // "type@version" picks a version; code defaults to 2, the rest to 1
            String[] tv = p[1].split("@", 2);
            list.addObject()
                    .put("name", p[0])
                    .put("type", "n8n-nodes-base." + tv[0])
                    .put("typeVersion", tv.length > 1 ? Double.parseDouble(tv[1]) : tv[0].equals("code") ? 2 : 1)
                    .set("parameters", NodeTests.json(p[2]));
            if (previous != null) {
                conns.putObject(previous)
                        .putArray("main")
                        .addArray()
                        .addObject()
                        .put("node", p[0])
                        .put("type", "main")
                        .put("index", 0);
            }
            previous = p[0];
        }
        wf.set("settings", NodeTests.json(settings));
        return WorkflowFormat.readJson(Json.write(wf));
    }

    private ExecutionResult run(Workflow wf, List<Item> input) {
        Engine e = engine();
        return e.run(e.prepare(wf), RunRequest.defaults().sequential().withInput(input));
    }

    @Test
    void failingWorkflowStartsItsErrorWorkflowWithTheSummary() throws InterruptedException {
        List<JsonNode> seen = new ArrayList<>();
        List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();
        var store = new io.hetumind.core.engine.InMemoryCheckpointer();
        library.put(
                "on-error",
                chain(
                        "on-error",
                        "{}",
                        "Error Trigger|errorTrigger|{}",
                        "Record|code|{'jsCode':'return $input.all();'}"));
        Workflow failing = chain(
                "main",
                "{'errorWorkflow':'on-error'}",
                "Start|manualTrigger|{}",
                "Boom|code|{'jsCode':'throw new Error(`kaput`)'}");
        Engine e = Engine.builder()
                .registry(registry)
                .expressions(NodeTests.expressions())
                .workflows(ref -> Optional.ofNullable(library.get(ref)))
                .checkpointer(store)
                .listener(event -> {
                    if (event.kind() == io.hetumind.core.engine.RunEvent.Kind.EXECUTION_FINISHED) {
                        finished.add(event.executionId());
                    }
                })
                .build();
        var r = e.run(e.prepare(failing), RunRequest.defaults().sequential().withExecutionId("failing-1"));
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        // the error workflow runs as an execution of its own ("<id>.error"), on its own thread
        long until = System.currentTimeMillis() + 10_000;
        while (!finished.contains("failing-1.error") && System.currentTimeMillis() < until) {
            Thread.sleep(10);
        }
        var errorRun = e.recover(e.prepare(library.get("on-error")), "failing-1.error");
        assertThat(errorRun.mode()).isEqualTo("error");
        errorRun.runs("Record").forEach(run -> seen.add(run.output(0).getFirst().json()));
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().at("/execution/error/message").asText()).contains("kaput");
        assertThat(seen.getFirst().at("/execution/lastNodeExecuted").asText()).isEqualTo("Boom");
        assertThat(seen.getFirst().at("/workflow/id").asText()).isEqualTo("main");
    }

    @Test
    void errorTriggerRunByHandEmitsTheExampleSummary() {
        var r = run(chain("e", "{}", "Error Trigger|errorTrigger|{}"), List.of());
        assertThat(r.output("Error Trigger", 0)
                        .getFirst()
                        .json()
                        .at("/execution/error/message")
                        .asText())
                .isEqualTo("Example Error Message");
    }

    /** A sub-workflow that doubles each item's {@code v}. */
    private static Workflow doubler() {
        return chain(
                "child",
                "{}",
                "In|executeWorkflowTrigger|{}",
                "Double|code|{'mode':'runOnceForEachItem','jsCode':'return {v: $json.v * 2};'}");
    }

    @Test
    void executeWorkflowRunsChildrenByIdInlineAndPerItem() {
        library.put("child", doubler());
        var input = NodeTests.items("[{'v':1},{'v':2}]");
        var byId = run(
                chain(
                        "p",
                        "{}",
                        "Start|manualTrigger|{}",
                        "Run|executeWorkflow|{'source':'database','workflowId':'child'}"),
                input);
        assertThat(byId.output("Run", 0))
                .extracting(i -> i.json().get("v").asInt())
                .containsExactly(2, 4);
        var locator = run(
                chain(
                        "p",
                        "{}",
                        "Start|manualTrigger|{}",
                        "Run|executeWorkflow|{'workflowId':{'__rl':true,'value':'child','mode':'list'},'mode':'each'}"),
                input);
        assertThat(locator.output("Run", 0))
                .extracting(i -> i.pairedItem().item())
                .containsExactly(0, 1);
        String inline = WorkflowFormat.writeJson(library.get("child"));
        var wf = chain("p", "{}", "Start|manualTrigger|{}", "Run|executeWorkflow|{'source':'parameter'}");
        var node = wf.node("Run").orElseThrow();
        var params = node.parameters().deepCopy().put("workflowJson", inline);
        wf = wf.withNodes(List.of(wf.node("Start").orElseThrow(), node.withParameters(params)));
        assertThat(run(wf, input).output("Run", 0)).hasSize(2);
    }

    @Test
    void aWorkflowLoadedFromAUrlRunsAsAnInlineOneAndBadAnswersAreClearErrors() throws Exception {
        String child = WorkflowFormat.writeJson(doubler()); // reachable by its URL only
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        List<String> accepts = new java.util.concurrent.CopyOnWriteArrayList<>();
        server.createContext("/", ex -> {
            accepts.add(ex.getRequestHeaders().getFirst("Accept"));
            String path = ex.getRequestURI().getPath();
            int status = path.equals("/child.json") || path.equals("/page") ? 200 : 404;
            byte[] body = (path.equals("/child.json") ? child : path.equals("/page") ? "<html>hi</html>" : "")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
        try {
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            var input = NodeTests.items("[{'v':1},{'v':2}]");
            var ok = run(
                    chain(
                            "p",
                            "{}",
                            "Start|manualTrigger|{}",
                            "Run|executeWorkflow@1.1|{'source':'url','workflowUrl':'" + base + "/child.json'}"),
                    input);
            assertThat(ok.output("Run", 0))
                    .extracting(i -> i.json().get("v").asInt())
                    .containsExactly(2, 4);
            assertThat(accepts).first().isEqualTo("application/json,text/*;q=0.99");

            var missing = run(
                    chain(
                            "p",
                            "{}",
                            "Start|manualTrigger|{}",
                            "Run|executeWorkflow|{'source':'url','workflowUrl':'" + base + "/gone.json'}"),
                    input);
            assertThat(missing.state().error().message())
                    .isEqualTo("parameter 'workflowUrl': loading the workflow failed: " + base + "/gone.json answered"
                            + " 404");
            var page = run(
                    chain(
                            "p",
                            "{}",
                            "Start|manualTrigger|{}",
                            "Run|executeWorkflow|{'source':'url','workflowUrl':'" + base + "/page'}"),
                    input);
            assertThat(page.state().error().message())
                    .startsWith("parameter 'workflowUrl': " + base + "/page does not answer a workflow: ");
            // the host's network policy is asked first: a studio refuses loopback unless allowed
            Engine guarded = Engine.builder()
                    .registry(registry)
                    .expressions(NodeTests.expressions())
                    .service(io.hetumind.core.spi.NetworkPolicy.class, io.hetumind.core.spi.NetworkPolicy.publicOnly())
                    .build();
            int before = accepts.size();
            var refused = guarded.run(
                    guarded.prepare(chain(
                            "p",
                            "{}",
                            "Start|manualTrigger|{}",
                            "Run|executeWorkflow|{'source':'url','workflowUrl':'" + base + "/child.json'}")),
                    RunRequest.defaults().sequential().withInput(input));
            assertThat(refused.state().error().message()).contains("127.0.0.1");
            assertThat(accepts).hasSize(before); // nothing was sent
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anInlineN8nWorkflowWithoutExecutionOrderRunsInV0AsN8nRunsIt() {
        // In v0 a Merge waiting on an input whose node nothing starts forces that node to run (n8n's legacy order,
        // which n8n's engine uses for any workflow whose settings do not say "v1"); v1 never runs it.
        String child =
                """
                {"nodes": [
                  {"name": "In", "type": "n8n-nodes-base.executeWorkflowTrigger", "typeVersion": 1, "parameters": {}},
                  {"name": "Data", "type": "n8n-nodes-base.code", "typeVersion": 2,
                   "parameters": {"jsCode": "return [{b: 1}];"}},
                  {"name": "Merge", "type": "n8n-nodes-base.merge", "typeVersion": 2,
                   "parameters": {"mode": "chooseBranch", "output": "input2"}}],
                 "connections": {
                   "In": {"main": [[{"node": "Merge", "type": "main", "index": 0}]]},
                   "Data": {"main": [[{"node": "Merge", "type": "main", "index": 1}]]}}%s}""";
        var wf = chain("p", "{}", "Start|manualTrigger|{}", "Run|executeWorkflow|{'source':'parameter'}");
        var node = wf.node("Run").orElseThrow();
        for (String settings : List.of("", ", \"settings\": {\"executionOrder\": \"v1\"}")) {
            var params = node.parameters().deepCopy().put("workflowJson", child.formatted(settings));
            var run = run(
                    wf.withNodes(List.of(wf.node("Start").orElseThrow(), node.withParameters(params))),
                    NodeTests.items("[{'a':1}]"));
            if (settings.isEmpty()) {
                assertThat(run.output("Run", 0))
                        .extracting(i -> i.json().toString())
                        .containsExactly("{\"b\":1}");
            } else {
                assertThat(run.output("Run", 0)).isEmpty();
            }
        }
    }

    @Test
    void executeWorkflowNotWaitingHandsEachStartToTheHostsStarterAndPassesItsInputOn() {
        List<String> started = new ArrayList<>();
        SubWorkflowStarter starter = (ref, input) -> {
            if (ref.equals("nope")) {
                throw NodeException.user("sub-workflow 'nope' not found");
            }
            started.add(ref + ":"
                    + input.stream().map(i -> i.json().get("v").asText()).toList());
        };
        var input = NodeTests.items("[{'v':1},{'v':2}]");
        Engine e = engine();
        java.util.function.Function<String, ExecutionResult> call = params -> e.run(
                e.prepare(chain("p", "{}", "Start|manualTrigger|{}", "Run|executeWorkflow|" + params)),
                RunRequest.defaults().sequential().withInput(input).withService(SubWorkflowStarter.class, starter));

        var once = call.apply("{'workflowId':'child','options':{'waitForSubWorkflow':false}}");
        assertThat(once.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(once.output("Run", 0))
                .extracting(i -> i.json().get("v").asInt())
                .containsExactly(1, 2);
        assertThat(started).containsExactly("child:[1, 2]");

        started.clear();
        var each = call.apply("{'workflowId':'child','mode':'each','options':{'waitForSubWorkflow':false}}");
        assertThat(each.output("Run", 0)).extracting(i -> i.pairedItem().item()).containsExactly(0, 1);
        assertThat(started).containsExactly("child:[1]", "child:[2]");

        var missing = call.apply("{'workflowId':'nope','options':{'waitForSubWorkflow':false}}");
        assertThat(missing.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(missing.state().error().message()).isEqualTo("sub-workflow 'nope' not found");
    }

    @Test
    void executeWorkflowFailuresNameTheProblem() {
        var missing =
                run(chain("p", "{}", "Start|manualTrigger|{}", "Run|executeWorkflow|{'workflowId':'nope'}"), List.of());
        assertThat(missing.state().error().message()).contains("'nope' not found");
        var empty = run(chain("p", "{}", "Start|manualTrigger|{}", "Run|executeWorkflow|{}"), List.of());
        assertThat(empty.state().error().message()).contains("parameter 'workflowId'");
        library.put(
                "bad",
                chain("bad", "{}", "In|executeWorkflowTrigger|{}", "X|code|{'jsCode':'throw new Error(`child`)'}"));
        var failed =
                run(chain("p", "{}", "Start|manualTrigger|{}", "Run|executeWorkflow|{'workflowId':'bad'}"), List.of());
        assertThat(failed.state().error().message()).contains("child");
    }

    /**
     * Continuing on failure, n8n's Execute Workflow catches a failed child itself: per item from 1.3 (an error item in
     * item order, or on the error output with the input's fields), once with all items in every version.
     */
    @Test
    void executeWorkflowContinuingOnFailureMakesErrorItemsAsN8n() {
        library.put(
                "half",
                chain(
                        "half",
                        "{}",
                        "In|executeWorkflowTrigger|{}",
                        "X|code|{'jsCode':'if ($json.n === 0) throw new Error(`zero`); return {n: $json.n};',"
                                + "'mode':'runOnceForEachItem'}"));
        var regular = run(continuing(1.3, "each", "continueRegularOutput"), List.of());
        assertThat(regular.output("Run", 0).stream().map(i -> i.json().toString()))
                .containsExactly("{\"n\":1}", "{\"error\":\"zero [line 1]\"}", "{\"n\":2}");
        assertThat(regular.output("Run", 0).get(1).pairedItem().item()).isEqualTo(1);
        var errorOutput = run(continuing(1.3, "each", "continueErrorOutput"), List.of());
        assertThat(errorOutput.output("Run", 0)).hasSize(2);
        assertThat(errorOutput.output("Run", 1).getFirst().json().toString())
                .isEqualTo("{\"n\":0,\"error\":\"zero [line 1]\"}");
        var once = run(continuing(1.2, "once", "continueRegularOutput"), List.of());
        assertThat(once.output("Run", 0)).hasSize(1);
        assertThat(once.output("Run", 0).getFirst().otherPairs()).hasSize(2);
        // before 1.3 n8n's per-item catch put errors on outputs that do not exist: the node fails
        var legacy = run(continuing(1.2, "each", "stopWorkflow"), List.of());
        assertThat(legacy.state().error().message()).isEqualTo("zero [line 1]");
    }

    private static Workflow continuing(double version, String mode, String onError) {
        return WorkflowFormat.readJson(
                """
                {"id":"c","name":"c","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Data","type":"n8n-nodes-base.code","typeVersion":2,
                   "parameters":{"jsCode":"return [{json:{n:1}},{json:{n:0}},{json:{n:2}}];"}},
                  {"name":"Run","type":"n8n-nodes-base.executeWorkflow","typeVersion":%s,"onError":"%s",
                   "parameters":{"workflowId":"half","mode":"%s"}}],
                 "connections":{"Start":{"main":[[{"node":"Data","type":"main","index":0}]]},
                   "Data":{"main":[[{"node":"Run","type":"main","index":0}]]}}}
                """
                        .formatted(version, onError, mode));
    }

    @Test
    void webhookPassesTheRequestAndRespondRecordsTheAnswer() {
        Workflow wf = chain(
                "hook",
                "{}",
                "Hook|webhook|{'httpMethod':'POST','path':'/orders/:id','responseMode':'responseNode'}",
                "Reply|respondToWebhook|{'respondWith':'json','responseBody':'={{ JSON.stringify({ok: $json.body.a}) }}',"
                        + "'options':{'responseCode':201,'responseHeaders':{'entries':[{'name':'X-Id','value':'7'}]}}}");
        var request = NodeTests.items("[{'headers':{},'params':{'id':'7'},'query':{},'body':{'a':1}}]");
        var r = run(wf, request);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(r.output("Reply", 0)).hasSize(1);
        assertThat(responses)
                .containsExactly(new WebhookResponse(201, Map.of("x-id", "7"), "{\"ok\":1}", "application/json"));
        assertThat(r.state().runs("Hook")).hasSize(1);
        var noRequest = run(wf, List.of());
        assertThat(noRequest.state().error().message()).contains("without a request");
    }

    @Test
    void activeTriggersAreListedWithoutRunning() {
        Workflow wf = WorkflowFormat.readJson(
                """
                {"id":"w","name":"w","settings":{"timezone":"Europe/Berlin"},"connections":{},"nodes":[
                 {"name":"Every day","type":"n8n-nodes-base.scheduleTrigger","typeVersion":1.2,
                  "parameters":{"rule":{"interval":[{"field":"days","triggerAtHour":7}]}}},
                 {"name":"Hook","type":"n8n-nodes-base.webhook","typeVersion":2,
                  "parameters":{"multipleMethods":true,"httpMethod":["GET","post"],"path":"a/b","responseMode":"lastNode"}},
                 {"name":"Off","type":"n8n-nodes-base.webhook","typeVersion":1,"disabled":true,"parameters":{"path":"x"}},
                 {"name":"Manual","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}}]}
                """);
        var entries = ActiveTriggers.of(wf, registry);
        assertThat(entries)
                .extracting(ActiveTriggers.Entry::kind)
                .containsExactly(TriggerKind.SCHEDULE, TriggerKind.WEBHOOK, TriggerKind.MANUAL);
        var next = entries.getFirst()
                .rules()
                .getFirst()
                .next(java.time.ZonedDateTime.parse("2024-05-01T08:00+02:00[Europe/Berlin]"))
                .orElseThrow();
        assertThat(next.toOffsetDateTime().toString()).isEqualTo("2024-05-02T07:00+02:00");
        assertThat(entries.get(1).webhook())
                .isEqualTo(new WebhookSpec(
                        "a/b",
                        List.of("GET", "POST"),
                        WebhookSpec.ResponseMode.LAST_NODE,
                        200,
                        "firstEntryJson",
                        "none"));
        // n8n exports leave out the methods list at its default (GET and POST), at every version
        for (String version : new String[] {"1", "1.1", "2", "2.1"}) {
            Workflow defaults = WorkflowFormat.readJson(
                    """
                    {"id":"w","name":"w","connections":{},"nodes":[
                     {"name":"Hook","type":"n8n-nodes-base.webhook","typeVersion":%s,"parameters":{"multipleMethods":true,"path":"p"}}]}
                    """
                            .formatted(version));
            assertThat(ActiveTriggers.of(defaults, registry)
                            .getFirst()
                            .webhook()
                            .methods())
                    .as("version %s", version)
                    .containsExactly("GET", "POST");
        }
        Workflow bad = WorkflowFormat.readJson(
                """
                {"id":"w","name":"w","connections":{},"nodes":[
                 {"name":"Hook","type":"n8n-nodes-base.webhook","typeVersion":1,"parameters":{"path":"p","httpMethod":"TRACE"}}]}
                """);
        assertThatThrownBy(() -> ActiveTriggers.of(bad, registry))
                .isInstanceOf(TriggerConfigException.class)
                .hasMessageContaining("node 'Hook', parameter 'httpMethod'");
    }

    /**
     * A manual run of a Schedule Trigger does what n8n's manualTriggerFunction does: 1.3 checks the intervals first
     * (validateInterval); then only a cron expression in the first rule is checked, so values n8n runs without
     * complaint (a step of 90 seconds in 1.2, a bad cron in a second rule, weeks 0 in 1.3) emit the item.
     */
    @Test
    void aManualScheduleRunChecksOnlyWhatN8nChecks() {
        String ninety = "{'rule':{'interval':[{'field':'seconds','secondsInterval':90}]}}";
        assertThat(manualSchedule(1.3, ninety).state().error().message()).isEqualTo("Invalid interval");
        assertThat(manualSchedule(1.3, ninety).state().error().description())
                .isEqualTo("Seconds must be in range 1-59");
        assertThat(manualSchedule(1.2, ninety).output("Tick", 0)).hasSize(1);
        String badCron = "{'rule':{'interval':[{'field':'cronExpression','expression':'nope'}]}}";
        assertThat(manualSchedule(1.3, badCron).state().error().message()).isEqualTo("Invalid cron expression");
        String badSecond = "{'rule':{'interval':[{'field':'days'},{'field':'cronExpression','expression':'nope'}]}}";
        assertThat(manualSchedule(1.3, badSecond).output("Tick", 0)).hasSize(1);
        assertThat(manualSchedule(1.3, "{'rule':{'interval':[{'field':'weeks','weeksInterval':0}]}}")
                        .output("Tick", 0))
                .hasSize(1);
    }

    private ExecutionResult manualSchedule(double version, String params) {
        return run(chain("s13", "{}", "Tick|scheduleTrigger@" + version + "|" + params), List.of());
    }

    @Test
    void scheduleTriggerEmitsTheFireTimeInTheWorkflowZone() {
        var r = run(chain("s", "{'timezone':'Europe/Berlin'}", "Tick|scheduleTrigger|{}"), List.of());
        assertThat(r.output("Tick", 0).getFirst().json().get("Readable date").asText())
                .isEqualTo("May 1st 2024, 2:05:09 pm");
        assertThat(r.output("Tick", 0).getFirst().json().get("timestamp").asText())
                .isEqualTo("2024-05-01T14:05:09.000+02:00");
    }

    @Test
    void aPerRunResponderAnswersTheWebhookEarlyWhileTheRestOfTheRunGoesOn() throws Exception {
        Workflow wf = chain(
                "early",
                "{}",
                "Hook|webhook|{'path':'order','httpMethod':'POST','responseMode':'responseNode'}",
                "Reply|respondToWebhook|{'respondWith':'firstIncomingItem'}",
                "Slow|wait|{'amount':0.3,'unit':'seconds'}",
                "Done|noOp|{}");
        Engine e = Engine.builder()
                .registry(registry)
                .expressions(NodeTests.expressions())
                .service(WebhookResponder.class, (id, r) -> responses.add(r)) // the engine-wide one loses
                .build();
        java.util.concurrent.CompletableFuture<String> answered = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicBoolean finishedWhenAnswered =
                new java.util.concurrent.atomic.AtomicBoolean();
        var handleRef = new java.util.concurrent.atomic.AtomicReference<io.hetumind.core.engine.ExecutionHandle>();
        var input = Json.object();
        input.putObject("body").put("order", "A-17");
        var handle = e.start(
                e.prepare(wf),
                RunRequest.defaults()
                        .withExecutionId("hook-run-1")
                        .withMode("webhook")
                        .withInput(List.of(Item.of(input)))
                        .withService(WebhookResponder.class, (id, r) -> {
                            var h = handleRef.get();
                            finishedWhenAnswered.set(h != null && h.future().isDone());
                            answered.complete(id + " " + r.status() + " " + r.body());
                        }));
        handleRef.set(handle);
        assertThat(answered.get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo("hook-run-1 200 {\"body\":{\"order\":\"A-17\"}}");
        assertThat(finishedWhenAnswered.get()).isFalse();
        assertThat(handle.future().isDone())
                .as("the run goes on after answering")
                .isFalse();
        var result = handle.await(java.time.Duration.ofSeconds(10));
        assertThat(result.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(result.state().runs("Done")).hasSize(1);
        assertThat(responses).isEmpty();
    }
}
