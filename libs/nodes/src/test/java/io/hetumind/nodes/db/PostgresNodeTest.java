package io.hetumind.nodes.db;

import static io.hetumind.nodes.NodeTests.items;
import static io.hetumind.nodes.NodeTests.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.nodes.credentials.NodeRunner;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresNodeTest {

    private static String schema;
    private static final PgPools POOLS = new PgPools();

    @BeforeAll
    static void schema() throws Exception {
        schema = TestPostgres.freshSchema("pgnode");
        TestPostgres.exec("CREATE TABLE " + schema + ".people (id serial PRIMARY KEY, name text UNIQUE, age int,"
                + " big bigint, tags jsonb, born date, seen timestamptz)");
        TestPostgres.exec("CREATE TABLE " + schema + ".victim (id int)");
    }

    @AfterAll
    static void drop() throws Exception {
        POOLS.close();
        TestPostgres.exec("DROP SCHEMA " + schema + " CASCADE");
    }

    private static ExecutionResult run(String params, List<Item> input, OnError onError) throws Exception {
        return run(json(params.replace("$S", schema)), input, onError);
    }

    /** Parameters as they are (their text may hold apostrophes). */
    private static ExecutionResult run(ObjectNode params, List<Item> input, OnError onError) throws Exception {
        return new NodeRunner(new PostgresNode())
                .credential("postgres", TestPostgres.credential())
                .service(PgPools.class, POOLS)
                .onError(onError)
                .run(2.5, params, input);
    }

    private static JsonNode first(ObjectNode params, List<Item> input) throws Exception {
        ExecutionResult r = run(params, input, OnError.STOP);
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).getFirst().json();
    }

    /** Items from real JSON text (double quotes), for values that contain apostrophes. */
    private static List<Item> raw(String jsonArray) {
        List<Item> out = new java.util.ArrayList<>();
        io.hetumind.core.spi.Json.parse(jsonArray)
                .forEach(n -> out.add(Item.of((com.fasterxml.jackson.databind.node.ObjectNode) n)));
        return out;
    }

    private static List<JsonNode> ok(String params, String input) throws Exception {
        return ok(params, items(input));
    }

    private static List<JsonNode> ok(String params, List<Item> input) throws Exception {
        ExecutionResult r = run(params, input, OnError.STOP);
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        return r.output("Node", 0).stream().map(i -> (JsonNode) i.json()).toList();
    }

    private static String table(String name) {
        return "'schema':{'__rl':true,'mode':'list','value':'$S'},'table':{'__rl':true,'mode':'name','value':'" + name
                + "'}";
    }

    @Test
    void theDesignerIsOfferedTheSchemasAndTheTablesOfTheChosenSchema() throws Exception {
        var loaders = new PostgresNode().optionLoaders();
        var cred = java.util.Map.of("postgres", TestPostgres.credential());
        var schemas = loaders.get("schemas").load(new io.hetumind.core.spi.OptionLoader.Request(2.5, json("{}"), cred));
        assertThat(schemas)
                .extracting(o -> o.value().asText())
                .contains(schema, "public")
                .doesNotContain("pg_catalog", "information_schema");
        var tables = loaders.get("tables")
                .load(new io.hetumind.core.spi.OptionLoader.Request(
                        2.5, json("{" + table("people").replace("$S", schema) + "}"), cred));
        assertThat(tables).extracting(o -> o.value().asText()).containsExactly("people", "victim");
        var columns = loaders.get("columns")
                .load(new io.hetumind.core.spi.OptionLoader.Request(
                        2.5, json("{" + table("people").replace("$S", schema) + "}"), cred));
        assertThat(columns)
                .extracting(o -> o.value().asText())
                .containsExactly("id", "name", "age", "big", "tags", "born", "seen");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loaders.get("tables")
                        .load(new io.hetumind.core.spi.OptionLoader.Request(2.5, json("{}"), java.util.Map.of())))
                .hasMessageContaining("credentials of type 'postgres' are not set");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loaders.get("tables")
                        .load(new io.hetumind.core.spi.OptionLoader.Request(2.5, json("{'schema':'={{ 1 }}'}"), cred)))
                .hasMessageContaining("expression");
        // the host's network policy holds for the designer's lists as for runs (the test database is on loopback)
        var publicOnly = io.hetumind.core.spi.HostServices.of(
                java.util.Map.of(
                        io.hetumind.core.spi.NetworkPolicy.class, io.hetumind.core.spi.NetworkPolicy.publicOnly()),
                java.util.Map.of());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> loaders.get("schemas")
                        .load(new io.hetumind.core.spi.OptionLoader.Request(2.5, json("{}"), cred, publicOnly)))
                .hasMessageContaining("this instance does not allow connections to");
    }

    @Test
    void executeQueryBindsParametersPerItemAndKeepsLiteralQuestionMarks() throws Exception {
        var params =
                json("{'operation':'executeQuery','options':{'queryReplacement':'={{ $json.n }}, {{ $json.s }}'}}");
        params.put("query", "SELECT $1::int + 1 AS n, $2 AS s, '{\"a\":1}'::jsonb ? 'a' AS has, '$1' AS lit");
        ExecutionResult r = new NodeRunner(new PostgresNode())
                .credential("postgres", TestPostgres.credential())
                .service(PgPools.class, POOLS)
                .run(2.5, params, raw("[{\"n\":1,\"s\":\"x\"},{\"n\":41,\"s\":\"it's\"}]"));
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        List<JsonNode> rows =
                r.output("Node", 0).stream().map(i -> (JsonNode) i.json()).toList();
        assertThat(rows).hasSize(2);
        // as n8n's pg-promise: $1 inside quoted text takes the value too
        assertThat(rows.get(0).toString()).isEqualTo("{\"n\":2,\"s\":\"x\",\"has\":true,\"lit\":\"1\"}");
        assertThat(rows.get(1).get("n").asInt()).isEqualTo(42);
        assertThat(rows.get(1).get("s").asText()).isEqualTo("it's");
        assertThat(ok(
                                "{'operation':'executeQuery','query':'SELECT count(*) AS c FROM $1:name.$2:name',"
                                        + "'options':{'queryReplacement':'$S, victim'}}",
                                "[{}]")
                        .getFirst()
                        .get("c")
                        .asText())
                .isEqualTo("0");
    }

    @Test
    void quotedParametersTakeTheirValueAsTextUnlessTheOptionKeepsThem() throws Exception {
        String query = "SELECT '$1' AS lit, ('2026-01-10'::date - INTERVAL '$1 days')::date AS d, 'x$2y' AS s,"
                + " '$1$1' AS twice, '$0' AS zero, 'no refs' AS plain";
        var params =
                json("{'operation':'executeQuery','options':{'queryReplacement':'={{ $json.n }}, {{ $json.s }}'}}");
        params.put("query", query);
        List<Item> input = raw("[{\"n\":3,\"s\":\"it's\"}]");
        assertThat(first(params, input).toString())
                .isEqualTo("{\"lit\":\"3\",\"d\":\"2026-01-07\",\"s\":\"xit'sy\",\"twice\":\"33\",\"zero\":\"$0\","
                        + "\"plain\":\"no refs\"}");
        // the option keeps only a string that is just '$n' (n8n matches exactly that shape)
        params.withObject("options").put("treatQueryParametersInSingleQuotesAsText", true);
        assertThat(first(params, input).toString())
                .isEqualTo("{\"lit\":\"$1\",\"d\":\"2026-01-07\",\"s\":\"xit'sy\",\"twice\":\"33\",\"zero\":\"$0\","
                        + "\"plain\":\"no refs\"}");
        // without parameters quoted text is as written
        var plain = json("{'operation':'executeQuery'}").put("query", "SELECT '$1' AS lit");
        assertThat(first(plain, raw("[{}]")).toString()).isEqualTo("{\"lit\":\"$1\"}");
        // text that could end the string is refused, never inlined; a missing value is named
        var escaping = json("{'operation':'executeQuery','options':{'queryReplacement':'={{ $json.s }}'}}");
        escaping.put("query", "SELECT 'a$1' AS s");
        ExecutionResult backslash = run(escaping, raw("[{\"s\":\"\\\\'; DROP TABLE x; --\"}]"), OnError.STOP);
        assertThat(backslash.state().error().message())
                .startsWith("parameter 'query': $1 is inside quoted text, where a value with a backslash")
                .endsWith("[item 0]");
        escaping.put("query", "SELECT E'a$1' AS s");
        ExecutionResult eString = run(escaping, raw("[{\"s\":\"plain\"}]"), OnError.STOP);
        assertThat(eString.state().error().message()).contains("is inside quoted text");
        assertThat(first(escaping, raw("[{\"s\":7}]")).toString()).isEqualTo("{\"s\":\"a7\"}");
        escaping.put("query", "SELECT 'a$2' AS s");
        ExecutionResult missing = run(escaping, raw("[{\"s\":1}]"), OnError.STOP);
        assertThat(missing.state().error().message())
                .isEqualTo("parameter 'query': $2 has no value in 'Query Parameters' (1 given) [item 0]");
    }

    @Test
    void replaceEmptyStringsWritesNullForEmptyInputFields() throws Exception {
        TestPostgres.exec("CREATE TABLE " + schema + ".blanks (id int, name text)");
        String insert = "{'operation':'insert'," + table("blanks") + ",'columns':{'mappingMode':'autoMapInputData'}%s}";
        ok(insert.formatted(""), "[{'id':1,'name':''}]");
        ok(insert.formatted(",'options':{'replaceEmptyStrings':true}"), "[{'id':2,'name':''},{'id':3,'name':' '}]");
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".blanks WHERE name IS NULL"))
                .isEqualTo(1);
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".blanks WHERE id = 2 AND name IS NULL"))
                .isEqualTo(1);
        // values mapped by hand are not the items' fields: n8n leaves them as they are
        ok(
                "{'operation':'insert'," + table("blanks") + ",'columns':{'mappingMode':'defineBelow','value':"
                        + "{'id':4,'name':''}},'options':{'replaceEmptyStrings':true}}",
                "[{}]");
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".blanks WHERE id = 4 AND name = ''"))
                .isEqualTo(1);
    }

    @Test
    void insertSelectUpdateUpsertAndDelete() throws Exception {
        TestPostgres.exec("TRUNCATE " + schema + ".people RESTART IDENTITY");
        List<JsonNode> inserted = ok(
                "{'operation':'insert'," + table("people")
                        + ",'columns':{'mappingMode':'autoMapInputData','value':{}}}",
                "[{'name':'ann','age':30,'big':9007199254740993,'tags':{'a':[1]},'born':'1990-05-01',"
                        + "'seen':'2024-01-02T03:04:05Z'},{'name':'bob','age':25}]");
        assertThat(inserted).hasSize(2);
        assertThat(inserted.get(0).toString())
                .isEqualTo("{\"id\":1,\"name\":\"ann\",\"age\":30,"
                        + "\"big\":\"9007199254740993\",\"tags\":{\"a\":[1]},\"born\":\"1990-05-01\","
                        + "\"seen\":\"2024-01-02T03:04:05.000Z\"}");
        ok(
                "{'operation':'insert'," + table("people") + ",'columns':{'mappingMode':'defineBelow',"
                        + "'value':{'name':'={{ $json.who }}','age':'={{ $json.years }}'}}}",
                "[{'who':'cy','years':7}]");

        List<JsonNode> selected = ok(
                "{'operation':'select'," + table("people") + ",'where':{'values':[{'column':'age',"
                        + "'condition':'>=','value':10}]},'sort':{'values':[{'column':'age','direction':'DESC'}]},"
                        + "'limit':1,'options':{'outputColumns':['name','age']}}",
                "[{}]");
        assertThat(selected.toString()).isEqualTo("[{\"name\":\"ann\",\"age\":30}]");
        assertThat(ok("{'operation':'select'," + table("people") + ",'returnAll':true}", "[{}]"))
                .hasSize(3);

        List<JsonNode> updated = ok(
                "{'operation':'update'," + table("people") + ",'columns':{'mappingMode':"
                        + "'autoMapInputData','matchingColumns':['name']}}",
                "[{'name':'bob','age':26}]");
        assertThat(updated.getFirst().get("age").asInt()).isEqualTo(26);
        List<JsonNode> upserted = ok(
                "{'operation':'upsert'," + table("people") + ",'columns':{'mappingMode':"
                        + "'autoMapInputData','matchingColumns':['name']}}",
                "[{'name':'bob','age':27},{'name':'dee','age':1}]");
        assertThat(upserted.stream()
                        .map(j -> j.get("name").asText() + j.get("age").asInt()))
                .containsExactly("bob27", "dee1");

        assertThat(ok(
                                "{'operation':'deleteTable','deleteCommand':'delete'," + table("people")
                                        + ",'where':{'values':[{'column':'age','condition':'<','value':10}]}}",
                                "[{}]")
                        .toString())
                .isEqualTo("[{\"success\":true}]");
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".people"))
                .isEqualTo(2);
        ok(
                "{'operation':'deleteTable','deleteCommand':'truncate','restartSequences':true," + table("people")
                        + "}",
                "[{}]");
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".people"))
                .isZero();
    }

    @Test
    void legacyV21ValuesToSendAndDrop() throws Exception {
        TestPostgres.exec("CREATE TABLE " + schema + ".legacy (k text, v int)");
        ExecutionResult r = new NodeRunner(new PostgresNode())
                .credential("postgres", TestPostgres.credential())
                .service(PgPools.class, POOLS)
                .run(
                        2.1,
                        json(("{'operation':'insert'," + table("legacy") + ",'dataMode':'defineBelow','valuesToSend':"
                                        + "{'values':[{'column':'k','value':'={{ $json.x }}'},{'column':'v','value':5}]}}")
                                .replace("$S", schema)),
                        items("[{'x':'a'}]"));
        assertThat(r.output("Node", 0).getFirst().json().toString()).isEqualTo("{\"k\":\"a\",\"v\":5}");
        ok("{'operation':'deleteTable','deleteCommand':'drop'," + table("legacy") + "}", "[{}]");
        assertThat(TestPostgres.count("SELECT count(*) FROM information_schema.tables WHERE table_schema = '" + schema
                        + "' AND table_name = 'legacy'"))
                .isZero();
    }

    @Test
    void identifiersAndValuesCannotInjectSql() throws Exception {
        ExecutionResult r = run(
                "{'operation':'select','schema':'$S','table':'people\\\"; DROP TABLE $S.victim; --'}",
                items("[{}]"),
                OnError.STOP);
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("does not exist");
        ok(
                "{'operation':'insert'," + table("people") + ",'columns':{'mappingMode':'autoMapInputData'}}",
                raw("[{\"name\":\"x'); DROP TABLE victim; --\"}]"));
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".victim"))
                .isZero();
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".people WHERE name LIKE 'x%DROP%'"))
                .isEqualTo(1);
        ExecutionResult col = run(
                "{'operation':'insert'," + table("people") + ",'columns':{'mappingMode':'autoMapInputData'}}",
                items("[{'name':'ok'},{'nope\\\"':1}]"),
                OnError.STOP);
        assertThat(col.state().error().message())
                .isEqualTo("Column 'nope\"' does not exist in selected table [item 1]");
    }

    @Test
    void statementTimeoutCancelsSlowQueries() throws Exception {
        ExecutionResult r = run(
                "{'operation':'executeQuery','query':'SELECT pg_sleep(5)','options':{'statementTimeout':" + "200}}",
                items("[{}]"),
                OnError.STOP);
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().error().message()).contains("statement timeout");
    }

    @Test
    void independentBatchingTurnsFailuresIntoErrorItemsAndTransactionRollsBack() throws Exception {
        TestPostgres.exec("CREATE TABLE " + schema + ".nums (n int)");
        String insert = "{'operation':'insert'," + table("nums") + ",'columns':{'mappingMode':'autoMapInputData'},"
                + "'options':{'queryBatching':'%s'}}";
        ExecutionResult ind =
                run(insert.formatted("independently"), items("[{'n':1},{'n':'x'},{'n':3}]"), OnError.CONTINUE);
        assertThat(ind.status()).isEqualTo(ExecutionStatus.SUCCESS);
        assertThat(ind.output("Node", 0).stream().map(i -> i.json().toString()))
                .containsExactly(
                        "{\"n\":1}",
                        "{\"n\":3}",
                        "{\"error\":\"Postgres: ERROR: invalid input syntax for type"
                                + " integer: \\\"x\\\" [item 1]\"}");
        ExecutionResult tx = run(insert.formatted("transaction"), items("[{'n':10},{'n':'y'}]"), OnError.STOP);
        assertThat(tx.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(TestPostgres.count("SELECT count(*) FROM " + schema + ".nums"))
                .isEqualTo(2);
    }

    @Test
    void passwordNeverAppearsInErrorsOrRunData() throws Exception {
        var cred = TestPostgres.credential().put("password", "Sup3rSecretPw");
        ExecutionResult r = new NodeRunner(new PostgresNode())
                .credential("postgres", cred)
                .service(PgPools.class, POOLS)
                .run(
                        2.5,
                        json("{'operation':'executeQuery','query':'SELECT $1::int','options':{'queryReplacement':"
                                + "'Sup3rSecretPw'}}"),
                        null);
        assertThat(r.status()).isEqualTo(ExecutionStatus.ERROR);
        assertThat(r.state().toJson() + r.state().error())
                .contains("invalid input syntax")
                .doesNotContain("Sup3rSecretPw");
    }

    @Test
    void delayClosingIdleConnectionSetsTheKeepAliveDelayOfTheConnectionsSockets() throws Exception {
        ExecutionResult r = run(
                "{'operation':'executeQuery','query':'SELECT 1 AS one','options':{'delayClosingIdleConnection':45}}",
                items("[{}]"),
                OnError.STOP);
        assertThat(r.status()).as("error: %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);
        try (var server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                var socket = new PolicySocketFactory(io.hetumind.core.spi.NetworkPolicy.allowAll(), 45)
                        .createSocket("127.0.0.1", server.getLocalPort())) {
            assertThat(socket.getKeepAlive()).isTrue();
            assertThat(socket.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE))
                    .isEqualTo(45);
        }
    }

    @Test
    void poolsReuseConnectionsAndCloseThemCleanly() throws Exception {
        PgPools pools = new PgPools();
        String app =
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'hetumind' AND datname = current_database()";
        long before = TestPostgres.count(app);
        for (int k = 0; k < 3; k++) {
            ExecutionResult r = new NodeRunner(new PostgresNode())
                    .credential("postgres", TestPostgres.credential().put("maxConnections", 2))
                    .service(PgPools.class, pools)
                    .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1 AS one'}"), null);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCESS);
        }
        assertThat(TestPostgres.count(app)).isEqualTo(before + 1);
        pools.close();
        long after = before + 1;
        for (int k = 0; k < 50 && after > before; k++) {
            Thread.sleep(50);
            after = TestPostgres.count(app);
        }
        assertThat(after).isEqualTo(before);
    }
}
