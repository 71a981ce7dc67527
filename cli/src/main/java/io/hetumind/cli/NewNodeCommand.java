package io.hetumind.cli;

import io.hetumind.core.spi.NodeType;
import io.hetumind.sdk.NodeSdk;
import io.hetumind.sdk.plugin.PluginManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code hetumind new-node NAME [-o DIR] [--package PKG]}: scaffolds a Maven project for a node plugin — a pom that
 * depends on {@code hetumind-node-sdk} of this build, one node (descriptor and execute), its
 * {@code META-INF/services} entry, the plugin declaration ({@code hetumind-plugin.properties}), a JUnit test that runs
 * the node with {@code NodeHarness}, and a README. {@code mvn package} then makes a jar for the plugins directory.
 */
final class NewNodeCommand implements Command {

    /** JUnit for the scaffolded test (the SDK itself needs none). */
    static final String JUNIT_VERSION = "5.13.4";

    private static final CommandSpec SPEC = new CommandSpec(
                    "new-node", "Scaffold a Maven project for a node plugin built on the node SDK.")
            .parameters("NAME", "Plugin name: lower-case letters, digits and '-', e.g. acme-weather", 1, 1, null)
            .option("DIR", "Directory to create (default: ./NAME)", "-o", "--output")
            .option("PKG", "Java package of the node (default: com.example.<name>)", "--package");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String name = in.parameter("NAME");
        if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new UsageException("NAME '" + name + "' must be lower-case letters and digits separated by single"
                    + " '-', starting with a letter (e.g. acme-weather)");
        }
        String pkg = in.string("--package");
        if (pkg == null) {
            pkg = "com.example." + name.replace("-", "");
        } else if (!pkg.matches("[a-zA-Z_][a-zA-Z0-9_]*(\\.[a-zA-Z_][a-zA-Z0-9_]*)*")) {
            throw new UsageException("--package '" + pkg + "' is not a Java package name");
        }
        Path dir = in.path("--output");
        if (dir == null) {
            dir = Path.of(name);
        }
        if (Files.exists(dir) && !isEmptyDirectory(dir)) {
            in.err().println("hetumind: " + dir + " already exists and is not empty; choose another --output");
            return RunSupport.FAILED;
        }
        Map<String, String> files = files(name, pkg);
        for (var e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, e.getValue());
        }
        in.out()
                .println("Created node plugin '" + name + "' in " + dir + " (" + files.size() + " files; node type "
                        + typeId(name) + ", class " + pkg + "." + className(name) + ")");
        in.out()
                .println("Next: cd " + dir + " && mvn package, then copy target/" + name
                        + "-0.1.0.jar to the plugins directory (" + NodeCatalog.pluginsDir() + ")");
        return RunSupport.OK;
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** {@code acme-weather} → {@code AcmeWeather}. */
    static String pascal(String name) {
        StringBuilder b = new StringBuilder();
        for (String part : name.split("-")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    static String className(String name) {
        return pascal(name) + "Node";
    }

    /** {@code acme-weather} → {@code acme-weather.acmeWeather}: the plugin names the group, the node the rest. */
    static String typeId(String name) {
        String p = pascal(name);
        return name + "." + Character.toLowerCase(p.charAt(0)) + p.substring(1);
    }

    /** Relative path → content of every scaffolded file. */
    static Map<String, String> files(String name, String pkg) {
        String cls = className(name);
        String type = typeId(name);
        String display = pascal(name).replaceAll("(?<=[a-z0-9])(?=[A-Z])", " ");
        String pkgPath = pkg.replace('.', '/');
        Map<String, String> f = new LinkedHashMap<>();
        f.put(
                "pom.xml",
                POM.replace("@GROUP@", pkg)
                        .replace("@NAME@", name)
                        .replace("@SDK_ARTIFACT@", NodeSdk.ARTIFACT_VERSION)
                        .replace("@JUNIT@", JUNIT_VERSION));
        f.put(
                "src/main/java/" + pkgPath + "/" + cls + ".java",
                NODE.replace("@PKG@", pkg)
                        .replace("@CLASS@", cls)
                        .replace("@TYPE@", type)
                        .replace("@DISPLAY@", display)
                        .replace("@NAME@", name));
        f.put("src/main/resources/META-INF/services/" + NodeType.class.getName(), pkg + "." + cls + "\n");
        f.put(
                "src/main/resources/" + PluginManifest.PROPERTIES,
                "# Read by the Hetumind host when it loads this jar from its plugins directory.\n"
                        + "# Keep version in step with the pom; sdk-version is the node SDK this plugin is built for.\n"
                        + "name=" + name + "\nversion=0.1.0\nsdk-version=" + NodeSdk.SDK_VERSION + "\n"
                        + "# What the plugin may reach beyond its items (undeclared = refused at load and at run time):\n"
                        + "# permissions.network=api.example.com:443, *.example.org\n"
                        + "# permissions.files.read=/srv/data\n"
                        + "# permissions.files.write=/srv/out\n"
                        + "# permissions.env=EXAMPLE_REGION\n"
                        + "# permissions.system-properties=\n"
                        + "# permissions.threads=false\n"
                        + "# permissions.processes=false\n"
                        + "# permissions.reflection=false\n");
        f.put(
                "src/test/java/" + pkgPath + "/" + cls + "Test.java",
                TEST.replace("@PKG@", pkg).replace("@CLASS@", cls));
        f.put(
                "README.md",
                README.replace("@NAME@", name)
                        .replace("@TYPE@", type)
                        .replace("@CLASS@", pkg + "." + cls)
                        .replace("@SDK@", NodeSdk.SDK_VERSION)
                        .replace("@SDK_ARTIFACT@", NodeSdk.ARTIFACT_VERSION)
                        .replace("@PROPS@", PluginManifest.PROPERTIES));
        f.put(".gitignore", "target/\n");
        return f;
    }

    private static final String POM =
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0"
                     xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                     xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
              <modelVersion>4.0.0</modelVersion>
              <groupId>@GROUP@</groupId>
              <artifactId>@NAME@</artifactId>
              <version>0.1.0</version>
              <name>@NAME@ (Hetumind node plugin)</name>

              <properties>
                <maven.compiler.release>25</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>

              <dependencies>
                <dependency>
                  <!-- provided: the host supplies the SDK (and the node SPI) to every plugin; do not bundle it -->
                  <groupId>io.hetumind</groupId>
                  <artifactId>hetumind-node-sdk</artifactId>
                  <version>@SDK_ARTIFACT@</version>
                  <scope>provided</scope>
                </dependency>
                <dependency>
                  <groupId>org.junit.jupiter</groupId>
                  <artifactId>junit-jupiter</artifactId>
                  <version>@JUNIT@</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>

              <build>
                <plugins>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <version>3.5.3</version>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    private static final String NODE =
            """
            package @PKG@;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.NodeContext;
            import io.hetumind.core.spi.NodeDescriptor;
            import io.hetumind.core.spi.NodeGroup;
            import io.hetumind.core.spi.NodeResult;
            import io.hetumind.core.spi.NodeType;
            import io.hetumind.core.spi.PropertySpec;
            import java.util.ArrayList;
            import java.util.List;

            /** Sets a field on every item to a text (an expression like {{ $json.name }} is rendered per item). */
            public final class @CLASS@ implements NodeType {

                @Override
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("@TYPE@")
                            .displayName("@DISPLAY@")
                            .description("Sets a field on every item (a starter node from the @NAME@ plugin)")
                            .group(NodeGroup.DATA)
                            .property(PropertySpec.string("field")
                                    .displayName("Field")
                                    .defaultValue("message")
                                    .required())
                            .property(PropertySpec.string("text")
                                    .displayName("Text")
                                    .defaultValue("Hello from @NAME@")
                                    .description("The value; expressions are rendered for each item"))
                            .build();
                }

                @Override
                public NodeResult execute(NodeContext ctx) {
                    List<Item> out = new ArrayList<>();
                    for (int i = 0; i < ctx.items().size(); i++) {
                        Item item = ctx.items().get(i);
                        String field = ctx.param("field", i, String.class);
                        String text = ctx.param("text", i, String.class);
                        out.add(item.withJson(item.json().deepCopy().put(field, text)));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    private static final String TEST =
            """
            package @PKG@;

            import static org.junit.jupiter.api.Assertions.assertEquals;
            import static org.junit.jupiter.api.Assertions.assertTrue;

            import io.hetumind.sdk.NodeHarness;
            import org.junit.jupiter.api.Test;

            class @CLASS@Test {

                @Test
                void setsTheFieldOnEveryItem() {
                    NodeHarness.Outcome out = NodeHarness.of(new @CLASS@())
                            .parameters("{\\"field\\": \\"greeting\\", \\"text\\": \\"=Hello, {{ $json.who }}\\"}")
                            .input("[{\\"who\\": \\"Ada\\"}, {\\"who\\": \\"Grace\\"}]")
                            .run();
                    assertTrue(out.succeeded(), () -> "failed: " + out.error());
                    assertEquals("Hello, Ada", out.items().get(0).json().get("greeting").asText());
                    assertEquals("Hello, Grace", out.items().get(1).json().get("greeting").asText());
                }
            }
            """;

    private static final String README =
            """
            # @NAME@

            A Hetumind node plugin with one node type, `@TYPE@` (`@CLASS@`), built on the node SDK
            `io.hetumind:hetumind-node-sdk:@SDK_ARTIFACT@` (node SDK @SDK@).

            ## Build and test

                mvn package

            The test runs the node through the real Hetumind engine with `NodeHarness` (a trigger in
            front, your parameters rendered as expressions, credentials from `.credential(type, json)`).

            ## Install

            Copy `target/@NAME@-0.1.0.jar` into the host's plugins directory:

            - CLI: `$HETUMIND_PLUGINS_DIR`, else `~/.hetumind/plugins`
            - studio: the directory in `hetumind.studio.plugins.dir`

            Plugins are loaded at start, each in its own class loader; `hetumind nodes` (or the studio's
            `GET /api/v1/node-types`) then lists `@TYPE@` with `plugin` `@NAME@@0.1.0`.
            A plugin is refused (and listed with the reason) when it was built for another node SDK major
            version, when a node type fails to load, or when a type id clashes with one the host has.

            ## Files

            - `@PROPS@`: the plugin's name, version and the node SDK version it was built for.
              Keep `version` in step with the pom.
            - `META-INF/services/io.hetumind.core.spi.NodeType`: one line per node class.
            - The SDK is a `provided` dependency: the host supplies it; do not shade it into the jar.
              Other libraries must be shaded in (the jar is the plugin's whole class path).
            """;
}
