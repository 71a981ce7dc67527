package io.hetumind.sdk.plugin;

import io.hetumind.core.spi.NodeType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars in tests: compiles node sources against the SPI with javac and jars them. Public, in this
 * module's test jar, for other hosts' tests (the Lambda runner's).
 */
public final class PluginJars {

    private PluginJars() {}

    /**
     * Compiles {@code sources} (class name → source) and writes {@code dir/fileName} with the classes, a services file
     * naming {@code nodeClasses} and, when {@code properties} is not null, {@code META-INF/hetumind-plugin.properties}.
     */
    public static Path build(
            Path dir, String fileName, Map<String, String> sources, List<String> nodeClasses, String properties)
            throws IOException {
        return build(dir, fileName, sources, nodeClasses, properties, Map.of());
    }

    /** {@link #build(Path, String, Map, List, String)} with more jar entries (path → text), e.g. services files. */
    public static Path build(
            Path dir,
            String fileName,
            Map<String, String> sources,
            List<String> nodeClasses,
            String properties,
            Map<String, String> entries)
            throws IOException {
        Path work = Files.createTempDirectory(dir, "src-");
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", classPath(), "-proc:none"));
        for (var e : sources.entrySet()) {
            Path src = work.resolve(e.getKey().replace('.', '/') + ".java");
            Files.createDirectories(src.getParent());
            Files.writeString(src, e.getValue());
            args.add(src.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("the plugin sources do not compile (javac exit " + rc + ")");
        }
        Path jar = dir.resolve(fileName);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out);
                Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            if (!nodeClasses.isEmpty()) {
                j.putNextEntry(new JarEntry("META-INF/services/" + NodeType.class.getName()));
                j.write((String.join("\n", nodeClasses) + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
            for (var e : entries.entrySet()) {
                j.putNextEntry(new JarEntry(e.getKey()));
                j.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
            if (properties != null) {
                j.putNextEntry(new JarEntry(PluginManifest.PROPERTIES));
                j.write(properties.getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    /** The test class path, plus the jars of the SPI and Jackson (Surefire may hide them behind a manifest jar). */
    public static String classPath() {
        Set<String> entries = new LinkedHashSet<>(
                List.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)));
        for (Class<?> c : List.of(
                NodeType.class,
                com.fasterxml.jackson.databind.JsonNode.class,
                com.fasterxml.jackson.core.JsonParser.class,
                com.fasterxml.jackson.annotation.JsonProperty.class)) {
            try {
                entries.add(Path.of(c.getProtectionDomain()
                                .getCodeSource()
                                .getLocation()
                                .toURI())
                        .toString());
            } catch (URISyntaxException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }
        return String.join(java.io.File.pathSeparator, entries);
    }
}
