package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeSdk;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node plugins end to end: {@code new-node} scaffolds a project, the test builds its jar with javac (as {@code mvn
 * package} would), the CLI loads it from the plugins directory and runs a workflow with it, while an incompatible and
 * a hostile plugin are refused with their reasons and the built-in nodes keep working.
 */
class PluginCliTest {

    record Run(int code, String out, String err) {}

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(NodeCatalog.PLUGINS_PROPERTY);
    }

    @Test
    void aScaffoldedPluginIsBuiltLoadedListedAndRunWhileBadPluginsAreRefused(@TempDir Path tmp) throws Exception {
        Path project = tmp.resolve("acme-greet");
        Run scaffold = cli("new-node", "acme-greet", "-o", project.toString());
        assertThat(scaffold.code()).as(scaffold.err()).isZero();
        assertThat(scaffold.out()).contains("node type acme-greet.acmeGreet");
        String pom = Files.readString(project.resolve("pom.xml"));
        assertThat(pom)
                .contains("<artifactId>hetumind-node-sdk</artifactId>")
                .contains("<version>" + NodeSdk.ARTIFACT_VERSION + "</version>");
        assertThat(Files.readString(project.resolve("src/main/resources/META-INF/hetumind-plugin.properties")))
                .contains("name=acme-greet", "version=0.1.0", "sdk-version=" + NodeSdk.SDK_VERSION);
        assertThat(project.resolve("README.md")).exists();

        // build it as `mvn package` would: compile main and test, run the scaffolded test, jar main + resources
        Path classes = compile(project.resolve("src/main/java"), tmp.resolve("classes"), classPath());
        Path testClasses = compile(
                project.resolve("src/test/java"),
                tmp.resolve("test-classes"),
                classPath() + File.pathSeparator + classes);
        runScaffoldedTest(classes, testClasses, "com.example.acmegreet.AcmeGreetNodeTest", "setsTheFieldOnEveryItem");
        // a listener beside the node: it hears every run the CLI makes
        Path pkg = project.resolve("src/main/java/com/example/acmegreet");
        Files.writeString(
                pkg.resolve("RunLog.java"),
                """
                package com.example.acmegreet;

                import io.hetumind.core.engine.ExecutionListener;
                import io.hetumind.core.engine.RunEvent;
                import java.util.List;
                import java.util.concurrent.CopyOnWriteArrayList;

                public final class RunLog implements ExecutionListener {
                    public static final List<String> SEEN = new CopyOnWriteArrayList<>();

                    @Override
                    public void onEvent(RunEvent e) {
                        SEEN.add(e.kind() + (e.node() == null ? "" : " " + e.node()));
                    }
                }
                """);
        Files.writeString(
                Files.createDirectories(project.resolve("src/main/resources/META-INF/services"))
                        .resolve("io.hetumind.core.engine.ExecutionListener"),
                "com.example.acmegreet.RunLog\n");
        classes = compile(project.resolve("src/main/java"), tmp.resolve("classes"), classPath());
        Path plugins = Files.createDirectories(tmp.resolve("plugins"));
        jar(plugins.resolve("acme-greet-0.1.0.jar"), classes, project.resolve("src/main/resources"));

        // an incompatible plugin and one whose constructor throws, from scaffolds too
        plugin(tmp, plugins, "future-node", "sdk-version=" + NodeSdk.SDK_VERSION, "sdk-version=9.0.0", null);
        plugin(
                tmp,
                plugins,
                "hostile-node",
                null,
                null,
                "    public HostileNodeNode() {\n        throw new IllegalStateException(\"cannot reach licence server\");\n    }\n");
        // one that would stop the host: refused by the bytecode check before any of it runs
        plugin(tmp, plugins, "exit-node", null, null, "    public ExitNodeNode() {\n        System.exit(3);\n    }\n");

        System.setProperty(NodeCatalog.PLUGINS_PROPERTY, plugins.toString());
        Run nodes = cli("nodes");
        assertThat(nodes.code()).as(nodes.err()).isZero();
        assertThat(nodes.out().lines().filter(l -> l.startsWith("acme-greet.acmeGreet")))
                .singleElement()
                .asString()
                .contains("Acme Greet")
                .contains("acme-greet@0.1.0");
        assertThat(nodes.out().lines().filter(l -> l.startsWith("hetumind.set ")))
                .singleElement()
                .asString()
                .doesNotContain("@");
        assertThat(nodes.out())
                .contains("Plugins (from " + plugins + "):\n  acme-greet@0.1.0: healthy\n"
                        + "    permissions: none; 1 execution listener(s)\n")
                .contains("Refused plugins (from " + plugins + "):")
                .contains("future-node@0.1.0 (future-node.jar): it was built for node SDK 9.0.0 but this host"
                        + " provides node SDK " + NodeSdk.SDK_VERSION + " (major versions differ)")
                .contains("hostile-node@0.1.0 (hostile-node.jar): node type"
                        + " com.example.hostilenode.HostileNodeNode failed to load:"
                        + " java.lang.IllegalStateException: cannot reach licence server")
                .contains("exit-node@0.1.0 (exit-node.jar): its code uses what its permissions do not allow:"
                        + " com.example.exitnode.ExitNodeNode.<init> calls java.lang.System.exit (stopping the JVM),"
                        + " which no plugin may do")
                .doesNotContain("hostile-node.hostileNode ");

        JsonNode one = Json.parse(cli("nodes", "acme-greet.acmeGreet").out());
        assertThat(one.path("plugin").asText()).isEqualTo("acme-greet@0.1.0");
        assertThat(one.path("displayName").asText()).isEqualTo("Acme Greet");
        assertThat(Json.parse(cli("nodes", "hetumind.set").out()).has("plugin")).isFalse();

        // a workflow that uses the plugin node after a built-in one
        Path wf = tmp.resolve("greet.json");
        Files.writeString(
                wf,
                """
                {"name":"plugin greet","nodes":[
                  {"name":"Start","type":"hetumind.manualTrigger","parameters":{}},
                  {"name":"Who","type":"hetumind.set","typeVersion":3.4,"parameters":{"mode":"manual",
                    "assignments":{"assignments":[{"id":"a","name":"who","value":"Ada","type":"string"}]}}},
                  {"name":"Greet","type":"acme-greet.acmeGreet","parameters":{"field":"greeting",
                    "text":"=Hello, {{ $json.who }}"}}],
                 "connections":{"Start":{"main":[[{"node":"Who","type":"main","index":0}]]},
                   "Who":{"main":[[{"node":"Greet","type":"main","index":0}]]}}}
                """);
        assertThat(cli("validate", wf.toString()).code()).isZero();
        Run run = cli("run", "--json", wf.toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode out = Json.parse(run.out()).at("/runData/Greet/0/data/main/0/0/json");
        assertThat(out.path("greeting").asText()).isEqualTo("Hello, Ada");
        assertThat(out.path("who").asText()).isEqualTo("Ada");

        // the plugin's listener heard the run (it is called on a thread of its own, so it may lag a little)
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) NodeCatalog.catalog()
                .loaded()
                .getFirst()
                .loader()
                .loadClass("com.example.acmegreet.RunLog")
                .getField("SEEN")
                .get(null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!seen.contains("EXECUTION_FINISHED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(seen).containsSubsequence("NODE_STARTED Greet", "NODE_FINISHED Greet", "EXECUTION_FINISHED");

        // built-in nodes still run with the refused plugins around
        Run hello = cli("run", "--json", Path.of("../examples/hello-world.json").toString());
        assertThat(hello.code()).as(hello.err()).isZero();
        assertThat(Json.parse(hello.out())
                        .at("/runData/Greet/0/data/main/0/0/json/greeting")
                        .asText())
                .isEqualTo("Hello, world!");
    }

    /** A listening trigger replacing the scaffolded node: it fetches or reads {@code target} and emits what it got. */
    static final String LISTENER =
            """
            package com.example.acmelisten;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import io.hetumind.core.spi.trigger.*;
            import java.util.List;

            public final class AcmeListenNode implements NodeType, ListenTrigger {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-listen.acmeListen")
                            .displayName("Acme Listen")
                            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts a run per probe").with("target", "target"))
                            .property(PropertySpec.string("mode"))
                            .property(PropertySpec.string("target"))
                            .build();
                }

                public String target(TriggerParams params) {
                    return "probes of " + params.string("target", "");
                }

                public AutoCloseable listen(TriggerParams params, ListenContext ctx) throws Exception {
                    String target = params.string("target", "");
                    String got;
                    switch (params.string("mode", "")) {
                        case "fetch" -> {
                            java.net.URI uri = java.net.URI.create(target);
                            java.net.InetAddress a = ctx.service(NetworkPolicy.class).orElse(NetworkPolicy.allowAll())
                                    .resolve(uri.getHost(), uri.getPort()).get(0);
                            var client = java.net.http.HttpClient.newHttpClient();
                            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://" + a.getHostAddress() + ":" + uri.getPort() + uri.getPath())).build();
                            got = client.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                        }
                        case "read" -> got = new String(ctx.service(ConfinedFiles.class).orElseThrow().read(target));
                        default -> throw new IllegalStateException("cannot probe '" + params.string("mode", "") + "'");
                    }
                    ctx.emit(List.of(Item.of(Json.object().put("got", got))));
                    return () -> {};
                }

                public NodeResult execute(NodeContext ctx) {
                    return passEvent(ctx, "Acme Listen", "a probe");
                }
            }
            """;

    @Test
    void aScaffoldedPluginsListeningTriggerReachesOnlyWhatItDeclares(@TempDir Path tmp) throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hello", x -> {
            byte[] body = "hello from A".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, body.length);
            x.getResponseBody().write(body);
            x.close();
        });
        server.start();
        try {
            int port = server.getAddress().getPort();
            Path data = Files.createDirectories(tmp.resolve("data"));
            Files.writeString(data.resolve("in.txt"), "inside");
            Files.writeString(tmp.resolve("secret.txt"), "outside");
            Path project = tmp.resolve("acme-listen");
            assertThat(cli("new-node", "acme-listen", "-o", project.toString()).code())
                    .isZero();
            Files.writeString(project.resolve("src/main/java/com/example/acmelisten/AcmeListenNode.java"), LISTENER);
            Files.delete(project.resolve("src/test/java/com/example/acmelisten/AcmeListenNodeTest.java"));
            Path props = project.resolve("src/main/resources/META-INF/hetumind-plugin.properties");
            Files.writeString(
                    props,
                    Files.readString(props) + "permissions.network=127.0.0.1:" + port + "\npermissions.files.read="
                            + data + "\n");
            Path plugins = Files.createDirectories(tmp.resolve("plugins"));
            Path classes = compile(project.resolve("src/main/java"), tmp.resolve("classes"), classPath());
            jar(plugins.resolve("acme-listen-0.1.0.jar"), classes, project.resolve("src/main/resources"));
            System.setProperty(NodeCatalog.PLUGINS_PROPERTY, plugins.toString());

            Run declared = listen(tmp, "fetch", "http://127.0.0.1:" + port + "/hello");
            assertThat(declared.code()).as(declared.err()).isZero();
            assertThat(Json.parse(declared.out())
                            .at("/runData/Probe/0/data/main/0/0/json/got")
                            .asText())
                    .isEqualTo("hello from A");
            assertThat(Json.parse(listen(tmp, "read", "in.txt").out())
                            .at("/runData/Probe/0/data/main/0/0/json/got")
                            .asText())
                    .isEqualTo("inside");

            // the refusals a run of the plugin's node would get, and nothing ran
            Run host = listen(tmp, "fetch", "http://localhost:" + port + "/hello");
            assertThat(host.code()).isEqualTo(RunSupport.FAILED);
            assertThat(host.err())
                    .contains("hetumind: Probe: refused to connect to localhost port " + port + " — plugin"
                            + " acme-listen@0.1.0 may only connect to the hosts it declares (127.0.0.1:" + port + ")");
            Run file = listen(tmp, "read", tmp.resolve("secret.txt").toString());
            assertThat(file.code()).isEqualTo(RunSupport.FAILED);
            assertThat(file.err())
                    .contains("hetumind: Probe: refused to read " + tmp.resolve("secret.txt") + " — plugin"
                            + " acme-listen@0.1.0 may only read files under the roots it declares ("
                            + data.toRealPath() + ")");
            // a trigger that throws fails the command naming the plugin; the CLI itself carries on
            Run thrown = listen(tmp, "explode", "");
            assertThat(thrown.code()).isEqualTo(RunSupport.FAILED);
            assertThat(thrown.err())
                    .contains("hetumind: Probe: plugin acme-listen@0.1.0: its listener of acme-listen.acmeListen"
                            + " failed: java.lang.IllegalStateException: cannot probe 'explode'");
            assertThat(cli(
                                    "run",
                                    "--json",
                                    Path.of("../examples/hello-world.json").toString())
                            .code())
                    .isZero();
        } finally {
            server.stop(0);
        }
    }

    private static Run listen(Path tmp, String mode, String target) throws IOException {
        Path wf = tmp.resolve("listen-" + mode + ".json");
        Files.writeString(
                wf,
                """
                {"name":"probe","nodes":[
                  {"name":"Probe","type":"acme-listen.acmeListen","parameters":{"mode":"%s","target":"%s"}}],
                 "connections":{}}
                """
                        .formatted(mode, target));
        return cli("run", "--json", "--listen-timeout", "10s", wf.toString());
    }

    @Test
    void withoutThePluginTheWorkflowIsRefusedAsUnknownType(@TempDir Path tmp) throws Exception {
        System.setProperty(NodeCatalog.PLUGINS_PROPERTY, tmp.resolve("none").toString());
        Path wf = tmp.resolve("greet.json");
        Files.writeString(
                wf,
                """
                {"name":"plugin greet","nodes":[
                  {"name":"Start","type":"hetumind.manualTrigger","parameters":{}},
                  {"name":"Greet","type":"acme-greet.acmeGreet","parameters":{}}],
                 "connections":{"Start":{"main":[[{"node":"Greet","type":"main","index":0}]]}}}
                """);
        Run r = cli("validate", wf.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.out() + r.err()).contains("acme-greet.acmeGreet");
    }

    @Test
    void newNodeRefusesABadNameAndANonEmptyDirectory(@TempDir Path tmp) throws Exception {
        Run bad = cli("new-node", "Acme Greet", "-o", tmp.resolve("x").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("NAME 'Acme Greet' must be lower-case letters and digits");
        assertThat(tmp.resolve("x")).doesNotExist();

        Files.writeString(tmp.resolve("keep.txt"), "mine");
        Run taken = cli("new-node", "acme", "-o", tmp.toString());
        assertThat(taken.code()).isEqualTo(1);
        assertThat(taken.err()).contains(tmp + " already exists and is not empty");
        try (Stream<Path> files = Files.list(tmp)) {
            assertThat(files).containsExactly(tmp.resolve("keep.txt"));
        }

        Run pkg = cli("new-node", "acme", "-o", tmp.resolve("y").toString(), "--package", "com.1bad");
        assertThat(pkg.code()).isEqualTo(2);
        assertThat(pkg.err()).contains("--package 'com.1bad' is not a Java package name");
    }

    /** Scaffolds NAME, edits its sources/properties, builds its jar into {@code plugins}. */
    private static void plugin(Path tmp, Path plugins, String name, String from, String to, String constructor)
            throws Exception {
        Path project = tmp.resolve(name);
        assertThat(cli("new-node", name, "-o", project.toString()).code()).isZero();
        if (from != null) {
            Path props = project.resolve("src/main/resources/META-INF/hetumind-plugin.properties");
            Files.writeString(props, Files.readString(props).replace(from, to));
        }
        if (constructor != null) {
            try (Stream<Path> s = Files.walk(project.resolve("src/main/java"))) {
                Path src = s.filter(p -> p.toString().endsWith(".java"))
                        .findFirst()
                        .orElseThrow();
                String text = Files.readString(src);
                int body = text.indexOf('{', text.indexOf("implements NodeType")) + 1;
                Files.writeString(src, text.substring(0, body) + "\n" + constructor + text.substring(body));
            }
        }
        Path classes = compile(project.resolve("src/main/java"), tmp.resolve(name + "-classes"), classPath());
        jar(plugins.resolve(name + ".jar"), classes, project.resolve("src/main/resources"));
    }

    private static Path compile(Path sources, Path out, String classPath) throws IOException {
        Files.createDirectories(out);
        List<String> args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classPath, "-proc:none"));
        try (Stream<Path> s = Files.walk(sources)) {
            s.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
        }
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
        assertThat(rc).as("javac " + sources).isZero();
        return out;
    }

    private static void runScaffoldedTest(Path classes, Path testClasses, String testClass, String method)
            throws Exception {
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL(), testClasses.toUri().toURL()},
                PluginCliTest.class.getClassLoader())) {
            Class<?> c = loader.loadClass(testClass);
            var ctor = c.getDeclaredConstructor();
            ctor.setAccessible(true);
            Method m = c.getDeclaredMethod(method);
            m.setAccessible(true);
            m.invoke(ctor.newInstance()); // throws (AssertionFailedError) when the scaffolded test fails
        }
    }

    private static void jar(Path jar, Path... roots) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            for (Path root : roots) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path f : files.filter(Files::isRegularFile).toList()) {
                        j.putNextEntry(
                                new JarEntry(root.relativize(f).toString().replace('\\', '/')));
                        j.write(Files.readAllBytes(f));
                        j.closeEntry();
                    }
                }
            }
        }
    }

    /** The test class path plus the jars of the SDK, SPI, Jackson and JUnit (Surefire may hide them). */
    private static String classPath() {
        Set<String> entries = new LinkedHashSet<>(
                List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> c : List.of(
                NodeType.class,
                NodeSdk.class,
                JsonNode.class,
                com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class,
                org.junit.jupiter.api.Test.class,
                org.junit.jupiter.api.Assertions.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }
}
