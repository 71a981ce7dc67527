package io.hetumind.nodes.mysql;

import static io.hetumind.nodes.protocols.ProtocolHarness.error;
import static io.hetumind.nodes.protocols.ProtocolHarness.json;
import static io.hetumind.nodes.protocols.ProtocolHarness.output;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.OnError;
import io.hetumind.core.spi.CredentialRegistry;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import io.hetumind.nodes.protocols.Servers;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The MySQL node against the machine's MariaDB (127.0.0.1:3306, root, empty password, database test). */
class MySqlNodeTest {

    private String table;

    @BeforeAll
    static void server() {
        Servers.require("MariaDB", 3306);
    }

    @BeforeEach
    void createTable() throws SQLException {
        table = "hm_people_" + Long.toString(System.nanoTime(), 36);
        sql("CREATE TABLE " + table + " (id INT PRIMARY KEY AUTO_INCREMENT, name VARCHAR(50) UNIQUE, age INT,"
                + " big BIGINT, price DECIMAL(10,2), born DATE, note TEXT)");
    }

    @AfterEach
    void dropTable() throws SQLException {
        sql("DROP TABLE IF EXISTS " + table);
    }

    static Connection db() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        return new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:3306/test", p);
    }

    static void sql(String statement) throws SQLException {
        try (Connection c = db();
                Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private List<String> names() throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT name FROM " + table + " ORDER BY id")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static ObjectNode cred() {
        return json(
                "{'host':'127.0.0.1','port':3306,'database':'test','user':'root','password':'','connectTimeout':3000}");
    }

    static ProtocolHarness node() {
        return new ProtocolHarness(new MySqlNode()).credential("mySql", cred());
    }

    private static List<Item> items(String... jsons) {
        return java.util.Arrays.stream(jsons).map(j -> Item.of(json(j))).toList();
    }

    private static List<ObjectNode> jsons(ExecutionResult r) {
        // through text, so numbers compare by value whatever node class carried them
        return output(r).stream()
                .map(i -> (ObjectNode) Json.parse(Json.write(i.json())))
                .toList();
    }

    private String p(String params) {
        return params.replace("TABLE", table);
    }

    private void seed() throws SQLException {
        sql("INSERT INTO " + table + " (name, age, big, price, born) VALUES ('Ann', 31, 9007199254740993, 12.50,"
                + " '1990-04-05'), ('Bob', 25, 7, 3.00, NULL), ('Cid', 40, NULL, NULL, NULL)");
    }

    @Test
    void descriptorAndCredentialPassTheRegistryChecks() {
        NodeRegistry nodes = NodeRegistry.of(List.of(new MySqlNode()));
        assertThat(nodes.find("n8n-nodes-base.mySql")).isPresent();
        assertThat(nodes.find("n8n-nodes-base.mySql").orElseThrow().descriptor().versions())
                .containsExactly(1.0, 2.0, 2.1, 2.2, 2.3, 2.4, 2.5);
        assertThat(CredentialRegistry.of(List.of(new MySqlCredential())).checkNodes(nodes))
                .isEmpty();
    }

    @Test
    void executeQueryBindsQueryParametersAndQuotesNamedIdentifiers() throws Exception {
        seed();
        ExecutionResult r = node().run(
                        2.5,
                        json(p("{'operation':'executeQuery','query':'SELECT name, age FROM $1:name WHERE name = $2 OR"
                                + " age > $3 ORDER BY id','options':{'queryReplacement':'TABLE, Bob, 35'}}")),
                        null);
        assertThat(jsons(r)).containsExactly(json("{'name':'Bob','age':25}"), json("{'name':'Cid','age':40}"));
        // a value that looks like SQL is only ever a value
        ExecutionResult injected = node().run(
                        2.5,
                        json(p(
                                        "{'operation':'executeQuery','query':'SELECT count(*) AS n FROM TABLE WHERE name = $1'}"))
                                .set("options", Json.object().put("queryReplacement", "x' OR '1'='1")),
                        null);
        assertThat(jsons(injected)).containsExactly(json("{'n':'0'}")); // COUNT is a BIGINT: text by default
    }

    @Test
    void executeQueryPerItemWithExpressionsMultipleStatementsAndSuccessForWrites() throws Exception {
        ExecutionResult r = node().run(
                        2.4,
                        json(
                                p(
                                        "{'operation':'executeQuery','query':\"=INSERT INTO TABLE (name, age) VALUES ($1, {{ $json.age }});"
                                                + " SELECT name, age FROM TABLE WHERE name = $1\",'options':{'queryReplacement':'={{ $json.name }}'}}")),
                        items("{'name':'Ann','age':31}", "{'name':'Bob','age':25}"));
        assertThat(jsons(r)).containsExactly(json("{'name':'Ann','age':31}"), json("{'name':'Bob','age':25}"));
        ExecutionResult write = node().run(
                        2.4, json(p("{'operation':'executeQuery','query':'DELETE FROM TABLE WHERE age < 30'}")), null);
        assertThat(jsons(write)).containsExactly(json("{'success':true}"));
        assertThat(names()).containsExactly("Ann");
        // a SELECT with no rows gives nothing from v2.2, {success: true} before
        String empty = "{'operation':'executeQuery','query':'SELECT * FROM TABLE WHERE id < 0'}";
        assertThat(jsons(node().run(2.2, json(p(empty)), null))).isEmpty();
        assertThat(jsons(node().run(2.1, json(p(empty)), null))).containsExactly(json("{'success':true}"));
    }

    @Test
    void aMissingQueryParameterFailsFromV25AndIsNullBefore() {
        String params = "{'operation':'executeQuery','query':'SELECT $1 IS NULL AS missing, \\'$2\\' AS quoted'}";
        assertThat(error(node().run(2.5, json(params), null)))
                .contains("Parameter $1 referenced in query but no replacement value provided");
        assertThat(jsons(node().run(2.4, json(params), null))).containsExactly(json("{'missing':1,'quoted':'$2'}"));
    }

    @Test
    void insertAllItemsInOneStatementMappingInputFieldsAndEmptyStringsToNull() throws Exception {
        ExecutionResult r = node().run(
                        2.5,
                        json(
                                p(
                                        "{'operation':'insert','table':{'__rl':true,'mode':'list','value':'TABLE'},"
                                                + "'dataMode':'autoMapInputData','options':{'replaceEmptyStrings':true,'detailedOutput':true}}")),
                        items("{'name':'Ann','age':31,'note':''}", "{'name':'Bob'}"));
        ObjectNode detail = jsons(r).getFirst();
        assertThat(detail.path("sql").asText())
                .isEqualTo(
                        "INSERT INTO `" + table + "` (`name`, `age`, `note`) VALUES ('Ann',31,NULL),('Bob',NULL,NULL)");
        assertThat(detail.path("data").path("affectedRows").asInt()).isEqualTo(2);
        assertThat(names()).containsExactly("Ann", "Bob");
        try (Connection c = db();
                Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE note IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void insertManuallyEachItemIndependentlySkippingConflicts() throws Exception {
        seed();
        ExecutionResult r = node().run(
                        2.5,
                        json(p(
                                "{'operation':'insert','table':'TABLE','dataMode':'defineBelow','valuesToSend':{'values':"
                                        + "[{'column':'name','value':'={{ $json.who }}'},{'column':'age','value':'7'}]},"
                                        + "'options':{'queryBatching':'independently','skipOnConflict':true}}")),
                        items("{'who':'Ann'}", "{'who':'Dee'}"));
        assertThat(jsons(r)).containsExactly(json("{'success':true}"), json("{'success':true}"));
        assertThat(names()).containsExactly("Ann", "Bob", "Cid", "Dee");
    }

    @Test
    void updateAndUpsertMatchOnAColumn() throws Exception {
        seed();
        output(node().run(
                        2.5,
                        json(
                                p(
                                        "{'operation':'update','table':'TABLE','dataMode':'autoMapInputData','columnToMatchOn':'name'}")),
                        items("{'name':'Ann','age':32}", "{'name':'Zed','age':1}")));
        output(node().run(
                        2.5,
                        json(
                                p(
                                        "{'operation':'upsert','table':'TABLE','dataMode':'defineBelow','columnToMatchOn':'name',"
                                                + "'valueToMatchOn':'={{ $json.n }}','valuesToSend':{'values':[{'column':'age','value':'={{ $json.a }}'}]}}")),
                        items("{'n':'Bob','a':26}", "{'n':'Eve','a':50}")));
        List<ObjectNode> rows = jsons(node().run(
                        2.5,
                        json(p(
                                "{'operation':'select','table':'TABLE','returnAll':true,'sort':{'values':[{'column':'name',"
                                        + "'direction':'ASC'}]},'options':{'outputColumns':['name','age']}}")),
                        null));
        assertThat(rows)
                .containsExactly(
                        json("{'name':'Ann','age':32}"),
                        json("{'name':'Bob','age':26}"),
                        json("{'name':'Cid','age':40}"),
                        json("{'name':'Eve','age':50}"));
    }

    @Test
    void selectFiltersSortsLimitsAndReadsTypesAsN8nDoes() throws Exception {
        seed();
        List<ObjectNode> rows = jsons(node().run(
                        2.5,
                        json(
                                p(
                                        "{'operation':'select','table':'TABLE','limit':2,'where':{'values':[{'column':'age',"
                                                + "'condition':'>=','value':'25'},{'column':'name','condition':'LIKE','value':'%'}]},"
                                                + "'combineConditions':'AND','sort':{'values':[{'column':'age','direction':'DESC'}]}}")),
                        null));
        assertThat(rows).extracting(o -> o.path("name").asText()).containsExactly("Cid", "Ann");
        ObjectNode ann = rows.get(1);
        assertThat(ann.path("big").isTextual()).isTrue();
        assertThat(ann.path("big").asText()).isEqualTo("9007199254740993");
        assertThat(ann.path("price").asText()).isEqualTo("12.50");
        assertThat(ann.path("born").asText()).isEqualTo("1990-04-05T00:00:00.000Z");
        assertThat(ann.path("note").isNull()).isTrue();
        ObjectNode asNumbers = jsons(node().run(
                                2.5,
                                json(p(
                                        "{'operation':'select','table':'TABLE','where':{'values':[{'column':'name','value':'Ann'}]},"
                                                + "'options':{'largeNumbersOutput':'numbers'}}")),
                                null))
                .getFirst();
        // as n8n's mysql2 (supportBigNumbers): a BIGINT a JavaScript number cannot hold exactly stays text, and
        // DECIMAL is text unless Output Decimals as Numbers is on
        assertThat(asNumbers.path("big").isTextual()).isTrue();
        assertThat(asNumbers.path("big").asText()).isEqualTo("9007199254740993");
        assertThat(asNumbers.path("age").isIntegralNumber()).isTrue();
        assertThat(asNumbers.path("price").isTextual()).isTrue();
        assertThat(asNumbers.path("price").asText()).isEqualTo("12.50");
        ObjectNode decimals = jsons(node().run(
                                2.5,
                                json(p(
                                        "{'operation':'select','table':'TABLE','where':{'values':[{'column':'name','value':'Ann'}]},"
                                                + "'options':{'decimalNumbers':true}}")),
                                null))
                .getFirst();
        assertThat(decimals.path("price").isNumber()).isTrue();
        assertThat(decimals.path("price").asDouble()).isEqualTo(12.5);
        assertThat(decimals.path("big").asText()).isEqualTo("9007199254740993"); // still text: largeNumbersOutput
        ObjectNode bob = jsons(node().run(
                                2.5,
                                json(p(
                                        "{'operation':'select','table':'TABLE','where':{'values':[{'column':'name','value':'Bob'}]},"
                                                + "'options':{'largeNumbersOutput':'numbers','decimalNumbers':true}}")),
                                null))
                .getFirst();
        assertThat(bob.path("big").isIntegralNumber()).isTrue(); // exact as a JavaScript number
        assertThat(bob.path("big").asLong()).isEqualTo(7);
        assertThat(bob.path("price").asDouble()).isEqualTo(3.0);
        assertThat(error(node().run(
                                2.5,
                                json(p(
                                        "{'operation':'select','table':'TABLE','where':{'values':[{'column':'age','condition':'>',"
                                                + "'value':'old'}]}}")),
                                null)))
                .contains("works with numbers, but value old is not a number");
    }

    @Test
    void deleteRowsTruncateAndDrop() throws Exception {
        seed();
        output(node().run(
                        2.5,
                        json(
                                p(
                                        "{'operation':'deleteTable','table':'TABLE','deleteCommand':'delete','where':{'values':"
                                                + "[{'column':'name','value':'Bob'},{'column':'big','condition':'IS NULL'}]},'combineConditions':'OR'}")),
                        null));
        assertThat(names()).containsExactly("Ann");
        output(node().run(2.5, json(p("{'operation':'deleteTable','table':'TABLE'}")), null));
        assertThat(names()).isEmpty();
        output(node().run(2.5, json(p("{'operation':'deleteTable','table':'TABLE','deleteCommand':'drop'}")), null));
        try (Connection c = db();
                ResultSet rs = c.getMetaData().getTables("test", null, table, null)) {
            assertThat(rs.next()).isFalse();
        }
    }

    @Test
    void aTransactionIsRolledBackWhenAnItemFails() throws Exception {
        String params = p("{'operation':'insert','table':'TABLE','options':{'queryBatching':'transaction'}}");
        List<Item> input = items("{'name':'Ann'}", "{'name':'Ann'}", "{'name':'Bob'}");
        assertThat(error(node().run(2.5, json(params), input)))
                .contains("Duplicate entry 'Ann'")
                .contains("[item 1]");
        assertThat(names()).isEmpty();
        ExecutionResult kept = node().onError(OnError.CONTINUE).run(2.5, json(params), input);
        List<ObjectNode> out = jsons(kept);
        // the first item's success, then the failed item's error; the third never runs
        assertThat(out).hasSize(2);
        assertThat(out.get(1).path("itemIndex").asInt()).isEqualTo(1);
        assertThat(out.get(1).path("error").asText()).contains("Duplicate entry");
        assertThat(names()).isEmpty();
    }

    @Test
    void independentlyAFailingItemBecomesAnErrorItemAndTheOthersStay() throws Exception {
        String params = p("{'operation':'insert','table':'TABLE','options':{'queryBatching':'independently'}}");
        List<Item> input = items("{'name':'Ann'}", "{'name':'Ann','age':'not a number'}", "{'name':'Bob'}");
        ExecutionResult r = node().onError(OnError.CONTINUE).run(2.5, json(params), input);
        List<ObjectNode> out = jsons(r);
        assertThat(out).hasSize(3);
        assertThat(out.stream().filter(o -> o.has("error")).toList())
                .singleElement()
                .satisfies(e -> assertThat(e.path("itemIndex").asInt()).isEqualTo(1));
        assertThat(names()).containsExactly("Ann", "Bob");
    }

    @Test
    void tableAndColumnNamesCannotInjectSql() throws Exception {
        ObjectNode evilTable = json("{'operation':'select'}").put("table", p("x`; DROP TABLE TABLE; -- "));
        assertThat(error(node().run(2.5, evilTable, null))).contains("is not a valid MySQL identifier");
        ExecutionResult evilColumn = node().run(
                        2.5,
                        json(p("{'operation':'insert','table':'TABLE'}")),
                        List.of(Item.of(Json.object().put(p("name`) VALUES ('x'); DROP TABLE TABLE; -- "), 1))));
        assertThat(error(evilColumn)).contains("is not a valid MySQL identifier");
        ExecutionResult evilOperator = node().run(
                        2.5,
                        json(p("{'operation':'select','table':'TABLE','where':{'values':[{'column':'id','condition':"
                                + "'= 1 OR 1 ='}]}}")),
                        null);
        assertThat(error(evilOperator)).contains("is not supported");
        assertThat(names()).isEmpty();
        sql("SELECT 1 FROM " + table); // still there
    }

    @Test
    void version1InsertUpdateAndQuery() throws Exception {
        ObjectNode header = jsons(node().run(
                                1,
                                json(
                                        p(
                                                "{'operation':'insert','table':'TABLE','columns':'name, age','options':{'ignore':true}}")),
                                items("{'name':'Ann','age':31,'x':1}", "{'name':'Bob','age':25}", "{'name':'Ann'}")))
                .getFirst();
        assertThat(header.path("affectedRows").asInt()).isEqualTo(2);
        assertThat(header.path("insertId").asLong()).isPositive();
        List<ObjectNode> updated = jsons(node().run(
                        1,
                        json(p("{'operation':'update','table':'TABLE','updateKey':'name','columns':'age'}")),
                        items("{'name':'Bob','age':26}")));
        assertThat(updated.getFirst().path("affectedRows").asInt()).isEqualTo(1);
        sql("UPDATE " + table + " SET big = 9007199254740993 WHERE name = 'Ann'");
        List<ObjectNode> rows = jsons(node().run(
                        1,
                        json(p("{'operation':'executeQuery','query':'SELECT name, age, big FROM TABLE ORDER BY id'}")),
                        null));
        assertThat(rows.get(0).path("big").isIntegralNumber()).isTrue();
        assertThat(rows).extracting(o -> o.path("age").asInt()).containsExactly(31, 26);
    }

    @Test
    void version1ContinueOnFailReplacesTheOutputWithOneErrorItem() {
        ExecutionResult r = node().onError(OnError.CONTINUE)
                .run(1, json("{'operation':'executeQuery','query':'SELEC nonsense'}"), items("{}", "{}"));
        List<ObjectNode> out = jsons(r);
        assertThat(out).hasSize(1);
        assertThat(out.getFirst().path("error").asText()).contains("SQL syntax");
    }

    @Test
    void badCredentialsFailClearlyWithoutTheSecret() {
        ExecutionResult r = new ProtocolHarness(new MySqlNode())
                .credential("mySql", cred().put("password", "s3cret-Pa55word"))
                .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1'}"), null);
        assertThat(error(r))
                .contains("could not connect to MySQL at 127.0.0.1:3306")
                .contains("Access denied")
                .doesNotContain("s3cret-Pa55word");
        assertThat(error(new ProtocolHarness(new MySqlNode())
                        .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1'}"), null)))
                .contains("credentials of type 'mySql' are not set");
    }

    @Test
    void anUnreachableServerFailsInBoundedTimeNamingHostAndPort() {
        int port = Servers.freePort();
        long start = System.nanoTime();
        ExecutionResult r = new ProtocolHarness(new MySqlNode())
                .credential("mySql", cred().put("port", port))
                .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1'}"), null);
        assertThat(error(r)).contains("could not connect to MySQL at 127.0.0.1:" + port);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
    }

    @Test
    void aServerThatIsNotMySqlIsAClearError() throws Exception {
        try (ServerSocket fake = Servers.garbage("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.UTF_8))) {
            long start = System.nanoTime();
            ExecutionResult r = new ProtocolHarness(new MySqlNode())
                    .credential("mySql", cred().put("port", fake.getLocalPort()))
                    .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1'}"), null);
            assertThat(error(r)).contains("could not connect to MySQL at 127.0.0.1:" + fake.getLocalPort());
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        }
    }

    @Test
    void theNetworkPolicyRefusesTheServerBeforeConnecting() {
        ExecutionResult r = node().service(NetworkPolicy.class, NetworkPolicy.publicOnly())
                .run(2.5, json("{'operation':'executeQuery','query':'SELECT 1'}"), null);
        assertThat(error(r)).startsWith("MySQL refused to connect to 127.0.0.1");
    }

    @Test
    void sqlErrorsNameTheItemAndStayUserErrors() {
        ExecutionResult r = node().run(
                        2.5,
                        json("{'operation':'executeQuery','query':'SELECT * FROM no_such_table_here',"
                                + "'options':{'queryBatching':'independently'}}"),
                        null);
        assertThat(error(r)).contains("no_such_table_here").contains("[item 0]");
        assertThat(r.state().error().message()).startsWith("MySQL: ");
        assertThat(Json.write(json("{}"))).isEqualTo("{}");
    }
}
