package io.hetumind.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.spi.CredentialType;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.flow.NoOpNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The registry against the library itself: every concrete {@link NodeType} and
 * {@link CredentialType} class compiled into this module is listed in its ServiceLoader file and
 * loaded by the registry, and nothing else is; every node answers to its n8n alias.
 */
class RegistryTest {

    @Test
    void everyNodeClassIsInTheServiceFileAndTheRegistry() throws Exception {
        Set<String> classes = implementations(NodeType.class);
        Set<String> listed = serviceFile(NodeType.class);
        Set<String> loaded = NodeRegistry.load().all().stream()
                .map(t -> t.getClass().getName())
                .filter(n -> !n.startsWith("io.hetumind.nodes.conformance.")) // test scope only
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(classes).as("node classes in the jar").hasSizeGreaterThanOrEqualTo(40);
        assertThat(listed).as("ServiceLoader file vs node classes").isEqualTo(classes);
        assertThat(loaded).as("registry vs node classes").isEqualTo(classes);
    }

    @Test
    void everyCredentialClassIsInTheServiceFile() throws Exception {
        Set<String> classes = implementations(CredentialType.class);
        Set<String> loaded = ServiceLoader.load(CredentialType.class).stream()
                .map(p -> p.type().getName())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(classes).isNotEmpty();
        assertThat(serviceFile(CredentialType.class)).isEqualTo(classes);
        assertThat(loaded).isEqualTo(classes);
    }

    /** Hetumind's own node types, which no n8n node type stands for. */
    private static final Set<String> HETUMIND_ONLY = Set.of("agentCommand");

    @Test
    void everyNodeAnswersToItsN8nAliasAndEveryTriggerSaysWhatItListensTo() {
        NodeRegistry registry = NodeRegistry.load();
        for (NodeType t : registry.all()) {
            if (!t.descriptor().type().startsWith("hetumind.")) {
                continue;
            }
            String name = t.descriptor().type().substring("hetumind.".length());
            if (HETUMIND_ONLY.contains(name)) {
                assertThat(t.descriptor().aliases())
                        .as(name + " has no n8n counterpart")
                        .isEmpty();
                continue;
            }
            assertThat(t.descriptor().aliases()).as(name).contains("n8n-nodes-base." + name);
            assertThat(registry.find("n8n-nodes-base." + name)).contains(t);
            if (t.descriptor().trigger()) {
                assertThat(t.descriptor().triggerSpec())
                        .as(name + " says what it listens to")
                        .isNotNull();
            }
        }
    }

    /** Concrete public classes implementing {@code spi} under this module's main classes (directory or jar). */
    private static Set<String> implementations(Class<?> spi) throws IOException, URISyntaxException {
        Path root = Path.of(NoOpNode.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Set<String> out = new TreeSet<>();
        if (Files.isDirectory(root)) {
            scan(root, spi, out);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(root, Map.of())) {
                scan(jar.getPath("/"), spi, out);
            }
        }
        return out;
    }

    private static void scan(Path root, Class<?> spi, Set<String> out) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = root.relativize(f).toString().replace('/', '.');
                name = name.substring(0, name.length() - ".class".length());
                if (name.contains("$")) {
                    continue; // nested classes are helpers, never registered nodes
                }
                Class<?> c;
                try {
                    c = Class.forName(name, false, RegistryTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalStateException("cannot load " + name, e);
                }
                if (spi.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                    out.add(c.getName());
                }
            }
        }
    }

    /** Class names listed in this module's own (main) ServiceLoader file for {@code spi}. */
    private static Set<String> serviceFile(Class<?> spi) throws IOException {
        URL main = NoOpNode.class.getProtectionDomain().getCodeSource().getLocation();
        Set<String> out = new TreeSet<>();
        var urls = RegistryTest.class.getClassLoader().getResources("META-INF/services/" + spi.getName());
        while (urls.hasMoreElements()) {
            URL u = urls.nextElement();
            if (!u.toString().startsWith(main.toString()) && !u.toString().startsWith("jar:" + main)) {
                continue; // the test-scope file
            }
            try (InputStream in = u.openStream()) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    String l = line.replaceAll("#.*", "").trim();
                    if (!l.isEmpty()) {
                        out.add(l);
                    }
                }
            }
        }
        return out;
    }
}
