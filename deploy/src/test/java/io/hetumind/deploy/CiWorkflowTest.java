package io.hetumind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * .github/workflows/ci.yml (the CI a fork gets) gives the test suite what it needs, read from the tests themselves:
 * a service container for every port a test requires, with the accounts the tests log in with; the PostgreSQL of
 * {@code HETUMIND_TEST_PG_URL}; the server binaries the TLS tests start; a browser for the designer's end-to-end
 * tests; never the flag that turns the missing n8n corpus (a fork has no ../shared) into a failure.
 */
class CiWorkflowTest {

    /** apt packages (Ubuntu) that install each binary {@code TlsServers} starts. */
    private static final Map<String, List<String>> PACKAGES = Map.of(
            "/usr/bin/redis-server", List.of("redis-server"),
            // mariadb-install-db runs my_print_defaults (mariadb-client-core), not a dependency of the server core
            "/usr/bin/mariadb-install-db", List.of("mariadb-server-core", "mariadb-client-core"),
            "/usr/sbin/mariadbd", List.of("mariadb-server-core"),
            "/usr/lib/rabbitmq/bin/rabbitmq-server", List.of("rabbitmq-server"));

    private static Path repo;
    private static String text;
    private static JsonNode job;
    private static Map<Integer, JsonNode> servicesByPort;
    private static List<String> runs;

    @BeforeAll
    static void read() throws IOException {
        repo = Yaml.repo();
        text = Files.readString(repo.resolve(".github/workflows/ci.yml"));
        ObjectNode workflow = (ObjectNode) Yaml.MAPPER.readTree(text);
        JsonNode jobs = workflow.path("jobs");
        assertThat(jobs.size()).as("one job").isEqualTo(1);
        job = jobs.elements().next();
        servicesByPort = new TreeMap<>();
        job.path("services").properties().forEach(e -> {
            JsonNode service = e.getValue();
            assertThat(service.path("options").asText())
                    .as("service " + e.getKey() + " has a health check (steps start once it is healthy)")
                    .contains("--health-cmd");
            for (JsonNode p : service.path("ports")) {
                String[] hostContainer = p.asText().split(":");
                assertThat(hostContainer)
                        .as("service " + e.getKey() + " port " + p)
                        .hasSize(2);
                servicesByPort.put(Integer.parseInt(hostContainer[0]), service);
            }
        });
        runs = new ArrayList<>();
        for (JsonNode step : job.path("steps")) {
            if (step.has("run")) {
                runs.add(step.path("run").asText());
            }
        }
    }

    private static String env(String name) {
        JsonNode v = job.path("env").path(name);
        return v.isMissingNode() ? null : v.asText();
    }

    private static String source(String path) throws IOException {
        return Files.readString(repo.resolve(path));
    }

    private static String group(String text, String regex, String what) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(what).isTrue();
        return m.group(1);
    }

    /** Every {@code Servers.require("Name", port)} (and nodes-ai's {@code requireServer}) in the repository's tests. */
    private static Map<Integer, Set<String>> requiredPorts() throws IOException {
        Pattern require =
                Pattern.compile("(?:Servers\\.require|requireServer)\\(\\s*\"([^\"]+)\"\\s*,\\s*(\\d+)\\s*\\)");
        Map<Integer, Set<String>> ports = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> s = Files.walk(repo)) {
            sources = s.filter(p -> p.toString().endsWith(".java")
                            && p.toString().contains("/src/test/")
                            && !p.toString().contains("/target/")
                            && !p.toString().contains("/node_modules/"))
                    .toList();
        }
        for (Path f : sources) {
            Matcher m = require.matcher(Files.readString(f));
            while (m.find()) {
                ports.computeIfAbsent(Integer.parseInt(m.group(2)), k -> new TreeSet<>())
                        .add(m.group(1));
            }
        }
        return ports;
    }

    @Test
    void everyServerTheTestsRequireIsAServiceContainer() throws IOException {
        Map<Integer, Set<String>> required = requiredPorts();
        assertThat(required)
                .as("the protocol tests' servers (the scan must find them)")
                .containsKeys(3306, 6379, 5672);
        for (var e : required.entrySet()) {
            assertThat(servicesByPort)
                    .as(e.getValue() + " on 127.0.0.1:" + e.getKey() + " (Servers.require) needs a service container")
                    .containsKey(e.getKey());
        }
    }

    @Test
    void mariaDbHasTheAccountAndDatabaseTheTestsUseAndNoTls() throws IOException {
        JsonNode mariadb = servicesByPort.get(3306);
        assertThat(mariadb).isNotNull();
        String test = source("libs/nodes-protocols/src/test/java/io/hetumind/nodes/mysql/MySqlNodeTest.java");
        String database = group(test, "jdbc:mariadb://127\\.0\\.0\\.1:3306/(\\w+)", "MySqlNodeTest's JDBC URL");
        assertThat(test).contains("p.setProperty(\"user\", \"root\")", "p.setProperty(\"password\", \"\")");
        assertThat(mariadb.path("env").path("MARIADB_DATABASE").asText()).isEqualTo(database);
        assertThat(mariadb.path("env").path("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD").asText())
                .as("root with an empty password")
                .isIn("1", "yes", "true");
        assertThat(mariadb.path("env").has("MARIADB_ROOT_PASSWORD")).isFalse();
        // from 11.4 MariaDB offers TLS with a generated certificate by default; MySqlTlsTest checks the plain
        // server (3306) says it has none
        assertThat(source("libs/nodes-protocols/src/test/java/io/hetumind/nodes/mysql/MySqlTlsTest.java"))
                .contains("the server does not offer TLS");
        Matcher v = Pattern.compile("^mariadb:(\\d+)\\.(\\d+)")
                .matcher(mariadb.path("image").asText());
        assertThat(v.find()).as("a pinned mariadb:MAJOR.MINOR image").isTrue();
        int major = Integer.parseInt(v.group(1));
        int minor = Integer.parseInt(v.group(2));
        assertThat(major < 11 || (major == 11 && minor < 4))
                .as(mariadb.path("image").asText() + " must be older than 11.4")
                .isTrue();
    }

    @Test
    void redisAndRabbitMqTakeTheTestsLogins() throws IOException {
        JsonNode redis = servicesByPort.get(6379);
        assertThat(redis.path("image").asText()).startsWith("redis:");
        assertThat(redis.toString()).as("no password (the tests send none)").doesNotContain("requirepass");
        JsonNode rabbit = servicesByPort.get(5672);
        assertThat(rabbit.path("image").asText())
                .as("the official image (guest may log in from outside the container)")
                .startsWith("rabbitmq:");
        assertThat(source("libs/nodes-protocols/src/test/java/io/hetumind/nodes/rabbitmq/RabbitMqNodeTest.java"))
                .contains("'username':'guest','password':'guest'");
        assertThat(rabbit.path("env").path("RABBITMQ_DEFAULT_USER").asText("guest"))
                .isEqualTo("guest");
        assertThat(rabbit.path("env").path("RABBITMQ_DEFAULT_PASS").asText("guest"))
                .isEqualTo("guest");
    }

    @Test
    void theTestPostgresIsTheServiceContainer() throws IOException {
        String name = group(
                source("libs/testkit/src/main/java/io/hetumind/testkit/TestPostgres.java"),
                "String ENV = \"(\\w+)\"",
                "TestPostgres.ENV");
        String url = env(name);
        assertThat(url).as(name + " in the job's env").isNotNull();
        Matcher m = Pattern.compile("^postgresql://(\\w+)@127\\.0\\.0\\.1:(\\d+)/\\w+$")
                .matcher(url);
        assertThat(m.matches()).as(url).isTrue();
        JsonNode pg = servicesByPort.get(Integer.parseInt(m.group(2)));
        assertThat(pg).as("a service on the port of " + url).isNotNull();
        assertThat(pg.path("image").asText()).startsWith("postgres:");
        assertThat(m.group(1)).isEqualTo("postgres");
        assertThat(pg.path("env").path("POSTGRES_HOST_AUTH_METHOD").asText())
                .as("the URL has no password")
                .isEqualTo("trust");
    }

    @Test
    void theTlsTestsServerBinariesAreInstalled() throws IOException {
        String tls = source("libs/nodes-protocols/src/test/java/io/hetumind/nodes/net/TlsServers.java");
        Matcher m = Pattern.compile("binary\\(\"([^\"]+)\",").matcher(tls);
        Set<String> binaries = new TreeSet<>();
        while (m.find()) {
            binaries.add(m.group(1));
        }
        assertThat(binaries).as("the binaries TlsServers starts").hasSizeGreaterThanOrEqualTo(4);
        String install = runs.stream()
                .filter(r -> r.contains("apt-get install"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no step runs apt-get install"));
        Set<String> installed = new TreeSet<>();
        Matcher words = Pattern.compile("apt-get install((?:\\\\\\n|[^\\n])*)").matcher(install);
        while (words.find()) {
            for (String w : words.group(1).replace("\\\n", " ").trim().split("\\s+")) {
                if (!w.startsWith("-")) {
                    installed.add(w);
                }
            }
        }
        for (String binary : binaries) {
            assertThat(PACKAGES)
                    .as(binary + " is started by TlsServers: add its apt package here and to ci.yml")
                    .containsKey(binary);
            assertThat(installed).as("apt packages for " + binary).containsAll(PACKAGES.get(binary));
            assertThat(install).as("the step checks " + binary + " is there").contains(binary);
        }
        assertThat(tls)
                .as("mariadb-install-db as a non-root runner user can only chown to that user")
                .doesNotContain("--user=root");
    }

    @Test
    void theEndToEndTestsGetABrowser() throws IOException {
        String runner = source("frontend/e2e/run.mjs");
        String var = group(
                runner,
                "const executablePath = process\\.env\\.(\\w+) \\?\\? '[^']+'",
                "run.mjs reads the browser's path from an environment variable");
        String path = env(var);
        assertThat(path)
                .as(var + " in the job's env (Ubuntu has no Debian chromium)")
                .isNotNull();
        assertThat(Path.of(path).isAbsolute()).as(path).isTrue();
        assertThat(runs).as("a step checks the browser is there").anyMatch(r -> r.contains("test -x \"$" + var + "\""));
    }

    @Test
    void aMissingConformanceCorpusIsASkipNotAFailure() throws IOException {
        String conformance = source("libs/nodes/src/test/java/io/hetumind/nodes/conformance/N8nConformanceTest.java");
        String flag = group(conformance, "System\\.getenv\\(\"(\\w+)\"\\)", "N8nConformanceTest's flag");
        assertThat(flag).isEqualTo("HETUMIND_CONFORMANCE_REQUIRED");
        assertThat(source(".ci/run")).as("the project's own CI does require it").contains("export " + flag + "=1");
        Map<String, String> set = new LinkedHashMap<>();
        collectEnv(Yaml.MAPPER.readTree(text), set);
        assertThat(set).as("a fork has no ../shared corpus").doesNotContainKey(flag);
        assertThat(runs).noneMatch(r -> r.contains(flag));
    }

    private static void collectEnv(JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("env") && e.getValue().isObject()) {
                    e.getValue()
                            .properties()
                            .forEach(v -> out.put(v.getKey(), v.getValue().asText()));
                }
                collectEnv(e.getValue(), out);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectEnv(n, out));
        }
    }

    @Test
    void theJobRunsTheReadmesTestCommandOnTheProjectsJdkAndNode() throws IOException {
        assertThat(job.path("runs-on").asText())
                .as("apt package names are Ubuntu's")
                .startsWith("ubuntu-");
        assertThat(runs).contains("./hetumind test");
        assertThat(source("hetumind")).contains("exec \"$ROOT/mvnw\" -B verify \"$@\"");
        String release = group(source("pom.xml"), "<maven.compiler.release>(\\d+)<", "the compiler release");
        String node = group(source("frontend/package.json"), "\"node\": \">=(\\d+)\\.", "frontend's engines.node");
        Map<String, String> setup = new TreeMap<>();
        for (JsonNode step : job.path("steps")) {
            String uses = step.path("uses").asText();
            if (uses.startsWith("actions/setup-java@")) {
                setup.put("java", step.path("with").path("java-version").asText());
            } else if (uses.startsWith("actions/setup-node@")) {
                setup.put("node", step.path("with").path("node-version").asText());
            }
        }
        assertThat(setup).containsEntry("java", release);
        assertThat(setup).containsKey("node");
        assertThat(Integer.parseInt(setup.get("node").split("\\.")[0]))
                .as("node-version: the major's newest release satisfies >= " + node + ".x")
                .isGreaterThanOrEqualTo(Integer.parseInt(node));
    }
}
