package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's commands, in process, on the shipped examples and on bad input. */
class CliTest {

    private static final Path EXAMPLES = Path.of("../examples");

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void runPrintsEachNodeAndTheOutput() {
        Run r = cli("run", EXAMPLES.resolve("hello-world.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("✔ Manual Trigger")
                .contains("✔ Greet")
                .contains("\"greeting\" : \"Hello, world!\"");
    }

    @Test
    void runJsonPrintsOnlyRunDataOnStdout() {
        Run r = cli("run", "--json", EXAMPLES.resolve("hello-world.json").toString());
        assertThat(r.code()).isZero();
        JsonNode json = Json.parse(r.out());
        assertThat(json.path("status").asText()).isEqualTo("success");
        assertThat(json.path("lastNodeExecuted").asText()).isEqualTo("Greet");
        assertThat(json.at("/runData/Greet/0/data/main/0/0/json/answer").asInt())
                .isEqualTo(42);
        assertThat(json.at("/runData/Greet/0/executionStatus").asText()).isEqualTo("success");
    }

    @Test
    void runTakesInputItems() {
        Run r = cli(
                "run",
                "--json",
                "--input",
                "[{\"a\":1},{\"a\":2}]",
                EXAMPLES.resolve("hello-world.json").toString());
        JsonNode json = Json.parse(r.out());
        assertThat(json.at("/runData/Greet/0/data/main/0").size()).isEqualTo(2);
    }

    @Test
    void runToANodeStopsThereAndAnUnknownNodeIsRefused() {
        Run r = cli(
                "run",
                "--json",
                "--to",
                "Manual Trigger",
                EXAMPLES.resolve("hello-world.json").toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = Json.parse(r.out());
        assertThat(json.path("lastNodeExecuted").asText()).isEqualTo("Manual Trigger");
        assertThat(json.path("runData").has("Greet")).isFalse();

        Run unknown = cli(
                "run", "--to", "Nowhere", EXAMPLES.resolve("hello-world.json").toString());
        assertThat(unknown.code()).isNotZero();
        assertThat(unknown.err()).contains("has no node 'Nowhere'");
        assertThat(unknown.out()).isEmpty();
    }

    @Test
    void aPinnedNodeOutputsItsPinnedItemsUnlessTheRunIgnoresThem(@TempDir Path dir) throws Exception {
        Path wf = dir.resolve("pinned.json");
        String hello = Files.readString(EXAMPLES.resolve("hello-world.json"));
        Files.writeString(
                wf,
                hello.replaceFirst(
                        "\"settings\"",
                        "\"pinData\": {\"Greet\": [{\"json\": {\"greeting\": \"pinned\"}}]}, \"settings\""));
        JsonNode pinned = Json.parse(cli("run", "--json", wf.toString()).out());
        assertThat(pinned.at("/runData/Greet/0/data/main/0/0/json/greeting").asText())
                .isEqualTo("pinned");
        assertThat(pinned.at("/runData/Greet/0/data/main/0/0/json").has("answer"))
                .isFalse();
        JsonNode ran = Json.parse(
                cli("run", "--json", "--ignore-pin-data", wf.toString()).out());
        assertThat(ran.at("/runData/Greet/0/data/main/0/0/json/greeting").asText())
                .isEqualTo("Hello, world!");
    }

    @Test
    void everyExampleValidates() throws Exception {
        try (var files = Files.list(EXAMPLES)) {
            String[] args = files.map(Path::toString).sorted().toList().toArray(new String[0]);
            String[] all = new String[args.length + 1];
            all[0] = "validate";
            System.arraycopy(args, 0, all, 1, args.length);
            Run r = cli(all);
            assertThat(r.code()).as(r.out()).isZero();
        }
    }

    @Test
    void batchLoopExampleProcessesEveryItemInBatches() {
        Run r = cli(
                "run",
                "--json",
                "--input",
                "[{\"n\":1},{\"n\":2},{\"n\":3}]",
                EXAMPLES.resolve("batch-loop.json").toString());
        JsonNode done = Json.parse(r.out()).at("/runData/All done/0/data/main/0");
        assertThat(done.size()).isEqualTo(3);
        assertThat(done.get(2).at("/json/squared").asInt()).isEqualTo(9);
        assertThat(done.get(2).at("/json/batch").asInt()).isEqualTo(1);
    }

    @Test
    void httpExampleFetchesAndRoutes() throws Exception {
        var server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/repo", ex -> {
            byte[] body = "{\"full_name\":\"acme/rocket\",\"stargazers_count\":4242}".getBytes();
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/repo";
            Run r = cli(
                    "run",
                    "--json",
                    "--input",
                    "{\"url\":\"" + url + "\"}",
                    EXAMPLES.resolve("http-fetch-transform.json").toString());
            assertThat(r.code()).as(r.err() + r.out()).isZero();
            JsonNode json = Json.parse(r.out());
            assertThat(json.at("/runData/Celebrate/0/data/main/0/0/json/message")
                            .asText())
                    .isEqualTo("acme/rocket is popular");
            assertThat(json.at("/runData/Keep an eye on it").isMissingNode()).isTrue();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anN8nExportNamingNoExecutionOrderRunsInN8nsLegacyOrder(@TempDir Path dir) throws Exception {
        // the If sends its item to B only; in v0 n8n forces the never-run A with an empty item before the Merge
        String wf =
                """
                {"name":"legacy","nodes":[
                  {"name":"Manual","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],"parameters":{}},
                  {"name":"If","type":"n8n-nodes-base.if","typeVersion":1,"position":[200,0],
                   "parameters":{"conditions":{"number":[{"value1":1,"operation":"equal","value2":2}]}}},
                  {"name":"A","type":"n8n-nodes-base.set","typeVersion":2,"position":[400,0],
                   "parameters":{"values":{"string":[{"name":"side","value":"A"}]}}},
                  {"name":"B","type":"n8n-nodes-base.set","typeVersion":2,"position":[400,200],
                   "parameters":{"values":{"string":[{"name":"side","value":"B"}]}}},
                  {"name":"Merge","type":"n8n-nodes-base.merge","typeVersion":2.1,"position":[600,0],"parameters":{}}],
                 "connections":{
                   "Manual":{"main":[[{"node":"If","type":"main","index":0}]]},
                   "If":{"main":[[{"node":"A","type":"main","index":0}],[{"node":"B","type":"main","index":0}]]},
                   "A":{"main":[[{"node":"Merge","type":"main","index":0}]]},
                   "B":{"main":[[{"node":"Merge","type":"main","index":1}]]}},
                 "settings":%s}
                """;
        Path legacy = Files.writeString(dir.resolve("legacy.json"), wf.formatted("{}"));
        JsonNode v0 = Json.parse(cli("run", "--json", legacy.toString()).out());
        assertThat(v0.at("/runData/Merge/0/data/main/0").size()).isEqualTo(2);
        assertThat(v0.at("/runData/A/0/data/main/0/0/json/side").asText()).isEqualTo("A");
        Path v1 = Files.writeString(dir.resolve("v1.json"), wf.formatted("{\"executionOrder\":\"v1\"}"));
        JsonNode ran = Json.parse(cli("run", "--json", v1.toString()).out());
        assertThat(ran.path("runData").has("A")).isFalse();
        assertThat(ran.at("/runData/Merge/0/data/main/0").size()).isEqualTo(1);
    }

    @Test
    void aPythonCodeNodeRunsInTheCli(@TempDir Path dir) throws Exception {
        // the CLI ships libs/nodes-python: n8n's Python Code node runs here as in the studio
        Path wf = Files.writeString(
                dir.resolve("python.json"),
                """
                {"name":"py","nodes":[
                 {"id":"1","name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"position":[0,0],
                  "parameters":{}},
                 {"id":"2","name":"Squares","type":"n8n-nodes-base.code","typeVersion":2,"position":[200,0],
                  "parameters":{"language":"python","mode":"runOnceForAllItems",
                   "pythonCode":"return [{'json': {'n': i, 'square': i * i}} for i in range(3)]"}}],
                 "connections":{"Start":{"main":[[{"node":"Squares","type":"main","index":0}]]}}}
                """);
        Run r = cli("run", "--json", wf.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode out = Json.parse(r.out()).at("/runData/Squares/0/data/main/0");
        assertThat(out.size()).isEqualTo(3);
        assertThat(out.at("/2/json/square").asInt()).isEqualTo(4);
    }

    @Test
    void malformedJsonNamesLineAndColumn(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\n  \"name\": \"x\",\n  \"nodes\": [ }\n");
        Run r = cli("run", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("malformed JSON at line 3, column");
    }

    @Test
    void validateReportsEveryProblemWithExitTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cyclic.json");
        Files.writeString(
                f,
                """
                {"name":"c","nodes":[{"name":"T","type":"hetumind.manualTrigger"},
                  {"name":"A","type":"hetumind.noOp"},{"name":"B","type":"hetumind.noOp"},
                  {"name":"X","type":"acme.nothing"}],
                 "connections":{"T":{"main":[[{"node":"A"}]]},"A":{"main":[[{"node":"B"}]]},"B":{"main":[[{"node":"A"}]]}}}
                """);
        Run r = cli("validate", f.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("unknown node type 'acme.nothing'").contains("cycle through A → B");
        Run run = cli("run", f.toString());
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("invalid workflow");
    }

    @Test
    void badInputIsAClearError() {
        Run r = cli(
                "run",
                "--input",
                "{not json",
                EXAMPLES.resolve("hello-world.json").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--input is not valid JSON");
        // Nothing of the run is printed before the input is known to be good.
        assertThat(r.out()).doesNotContain("▶").doesNotContain("execution");
        Run notJson = cli(
                "run",
                "--input",
                "notjson",
                EXAMPLES.resolve("hello-world.json").toString());
        assertThat(notJson.code()).isEqualTo(1);
        assertThat(notJson.out()).isEmpty();
        Run missing = cli(
                "run",
                "--input",
                "@/no/such/input.json",
                EXAMPLES.resolve("hello-world.json").toString());
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("--input @/no/such/input.json: no such file");
        assertThat(missing.out()).isEmpty();
    }

    @Test
    void nodesListsTheCatalogAndShowsOneDescriptor() {
        Run list = cli("nodes");
        assertThat(list.out())
                .contains("hetumind.set")
                .contains("hetumind.httpRequest")
                .contains("hetumind.merge");
        Run one = cli("nodes", "n8n-nodes-base.if");
        JsonNode d = Json.parse(one.out());
        assertThat(d.path("type").asText()).isEqualTo("hetumind.if");
        assertThat(d.path("outputs").size()).isEqualTo(2);
        assertThat(cli("nodes", "acme.nothing").code()).isEqualTo(1);
    }

    @Test
    void newWritesAStarterThatRuns(@TempDir Path dir) {
        Path file = dir.resolve("starter.json");
        Run created = cli("new", "My flow", "-o", file.toString());
        assertThat(created.code()).isZero();
        assertThat(created.out()).contains("run it with: ./hetumind run " + file);
        Run r = cli("run", "--json", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Json.parse(r.out())
                        .at("/runData/Edit Fields/0/data/main/0/0/json/greeting")
                        .asText())
                .isEqualTo("Hello from My flow");
        assertThat(cli("new", "My flow", "-o", file.toString()).code()).isEqualTo(1);
    }

    @Test
    void exportRoundTripsThroughYaml(@TempDir Path dir) {
        Path yaml = dir.resolve("hello.yaml");
        assertThat(cli("export", EXAMPLES.resolve("hello-world.json").toString(), "--to", "yaml", "-o", yaml.toString())
                        .code())
                .isZero();
        Run r = cli("run", "--json", yaml.toString());
        assertThat(Json.parse(r.out())
                        .at("/runData/Greet/0/data/main/0/0/json/greeting")
                        .asText())
                .isEqualTo("Hello, world!");
    }

    @Test
    void readBinaryFilesWorksOutOfTheBoxOnceTheFilesDirectoryIsAllowed(@TempDir Path dir) throws Exception {
        Path files = Files.createDirectories(dir.resolve("in"));
        Files.writeString(files.resolve("a.txt"), "alpha");
        Files.writeString(files.resolve("b.txt"), "beta");
        Path wf = dir.resolve("read.json");
        Files.writeString(
                wf,
                """
                {"name":"read","nodes":[
                  {"name":"Start","type":"n8n-nodes-base.manualTrigger","typeVersion":1,"parameters":{}},
                  {"name":"Read","type":"n8n-nodes-base.readBinaryFiles","typeVersion":1,
                   "parameters":{"fileSelector":"%s/*.txt"}}],
                 "connections":{"Start":{"main":[[{"node":"Read","type":"main","index":0}]]}}}"""
                        .formatted(files));
        String before = System.getProperty("hetumind.files.dir");
        System.setProperty("hetumind.files.dir", files.toString()); // what HETUMIND_FILES_DIR sets
        try {
            Run r = cli("run", "--json", wf.toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode read = Json.parse(r.out()).at("/runData/Read/0/data/main/0");
            assertThat(read.size()).isEqualTo(2);
            assertThat(read.get(0).at("/binary/data/fileName").asText()).isIn("a.txt", "b.txt");
        } finally {
            if (before == null) {
                System.clearProperty("hetumind.files.dir");
            } else {
                System.setProperty("hetumind.files.dir", before);
            }
        }
    }

    @Test
    void everyCommandHasHelpAndTheToolHasAVersion() {
        for (String command : new String[] {
            "run",
            "resume",
            "validate",
            "nodes",
            "new",
            "templates",
            "export",
            "import-n8n",
            "sched",
            "login",
            "push",
            "list",
            "exec",
            "logs",
            "backup",
            "restore"
        }) {
            Run help = cli(command, "--help");
            assertThat(help.code()).as(command).isZero();
            assertThat(help.out())
                    .as(command)
                    .startsWith("Usage: hetumind " + command)
                    .contains("-h, --help");
        }
        assertThat(cli("run", "--help").out())
                .contains("--checkpoint-dir=DIR")
                .contains("Checkpoint after every node into DIR")
                .contains("FILE");
        assertThat(cli("--version").out().trim()).isEqualTo("hetumind 0.1.0");
        assertThat(cli("validate", "-V").out().trim()).isEqualTo("hetumind 0.1.0");
        Run top = cli();
        assertThat(top.code()).isZero();
        assertThat(top.out()).contains("validate").contains("import-n8n").contains("logs");
    }

    @Test
    void aWrongCommandLineExitsTwoWithTheCommandsUsage() {
        Run unknownOption =
                cli("run", "--bogus", EXAMPLES.resolve("hello-world.json").toString());
        assertThat(unknownOption.code()).isEqualTo(2);
        assertThat(unknownOption.err()).contains("Unknown option: '--bogus'").contains("Usage: hetumind run");
        Run missing = cli("run");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("Missing required parameter: 'FILE'");
        Run missingOption = cli("export", EXAMPLES.resolve("hello-world.json").toString());
        assertThat(missingOption.code()).isEqualTo(2);
        assertThat(missingOption.err()).contains("Missing required option: '--to=yaml|json'");
        Run badEnum = cli("export", EXAMPLES.resolve("hello-world.json").toString(), "--to", "xml");
        assertThat(badEnum.code()).isEqualTo(2);
        assertThat(badEnum.err()).contains("expected one of [yaml, json] but was 'xml'");
        Run badInt = cli("list", "--limit", "many");
        assertThat(badInt.code()).isEqualTo(2);
        assertThat(badInt.err()).contains("'many' is not an int");
        Run extra = cli("new", "a", "b");
        assertThat(extra.code()).isEqualTo(2);
        assertThat(extra.err()).contains("Unmatched argument: 'b'");
        Run noValue = cli("run", EXAMPLES.resolve("hello-world.json").toString(), "--input");
        assertThat(noValue.code()).isEqualTo(2);
        assertThat(noValue.err()).contains("Missing required parameter for option '--input'");
        Run unknownCommand = cli("frobnicate");
        assertThat(unknownCommand.code()).isEqualTo(2);
        assertThat(unknownCommand.err()).contains("Unknown command: 'frobnicate'");
    }

    @Test
    void optionsTakeTheirValueAttachedOrSeparateAndFlagsTakeAnExplicitBoolean(@TempDir Path dir) {
        Path file = dir.resolve("a.json");
        assertThat(cli("new", "A", "--output=" + file).code()).isZero();
        Run again = cli("new", "A", "-o", file.toString(), "--force=false");
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("exists");
        assertThat(cli("new", "A", "-o", file.toString(), "--force").code()).isZero();
        Run r = cli("run", "--quiet", "--durability", "at_end", "--", file.toString());
        assertThat(r.code()).as(r.err()).isZero();
    }

    @Test
    void withANodeIndexRunsCreateOnlyTheirNodesAndAStaleIndexIsRewritten(@TempDir Path dir) throws Exception {
        Path index = dir.resolve("nodes.idx");
        System.setProperty(NodeCatalog.INDEX_PROPERTY, index.toString());
        try {
            // first use: a full load writes the index, headed by the fingerprint of the jars that declare nodes
            assertThat(cli("validate", EXAMPLES.resolve("hello-world.json").toString())
                            .code())
                    .isZero();
            String written = Files.readString(index);
            ClassLoader loader = NodeCatalog.class.getClassLoader();
            assertThat(written)
                    .startsWith(NodeCatalog.fingerprint(loader) + "\n")
                    .contains("hetumind.set\t");
            // then lazily: only what the workflow names is created
            var registry = NodeCatalog.registry();
            assertThat(registry.find("n8n-nodes-base.set")).isPresent();
            Run r = cli("run", "--json", EXAMPLES.resolve("hello-world.json").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(Json.parse(r.out())
                            .at("/runData/Greet/0/data/main/0/0/json/greeting")
                            .asText())
                    .isEqualTo("Hello, world!");
            // jars changed since: the index is rebuilt from a full load
            Files.writeString(index, "# other jars\nhetumind.set\tno.such.Class\t\n");
            assertThat(cli("validate", EXAMPLES.resolve("hello-world.json").toString())
                            .code())
                    .isZero();
            assertThat(Files.readString(index)).isEqualTo(written);
        } finally {
            System.clearProperty(NodeCatalog.INDEX_PROPERTY);
        }
    }
}
