package io.hetumind.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the engine's public API: the public types of {@code core.engine} are exactly those listed in
 * {@code public-api.txt}, none of them shows an {@code internal} type in a public signature, and no
 * module outside libs/core imports {@code core.engine.internal}.
 */
class EngineApiTest {

    private static final String INTERNAL = "io.hetumind.core.engine.internal";

    @Test
    void thePublicTypesAreExactlyTheListedOnes() throws Exception {
        assertThat(publicTypes())
                .as("public types of io.hetumind.core.engine; a new one must be added to public-api.txt on purpose")
                .isEqualTo(listed());
    }

    @Test
    void noPublicSignatureShowsAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (String name : publicTypes()) {
            Class<?> type = Class.forName("io.hetumind.core.engine." + name);
            collectLeaks(type, leaks);
        }
        assertThat(leaks).as("public members that show internal types").isEmpty();
    }

    @Test
    void noModuleOutsideCoreImportsTheInternals() throws IOException {
        Path root = repositoryRoot();
        Path core = root.resolve("libs").resolve("core");
        List<Path> sources = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
                boolean skip = dir.equals(core)
                        || name.equals("target")
                        || name.equals("node_modules")
                        || (name.startsWith(".") && !dir.equals(root));
                return skip ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (file.toString().endsWith(".java")) {
                    sources.add(file);
                }
                return FileVisitResult.CONTINUE;
            }
        });
        // the walk must have seen the other modules' sources, or this check proves nothing
        assertThat(sources).hasSizeGreaterThan(500);
        assertThat(sources).anySatisfy(p -> assertThat(p.toString()).contains("services"));
        List<String> offenders = new ArrayList<>();
        for (Path p : sources) {
            if (Files.readString(p, StandardCharsets.UTF_8).contains(INTERNAL)) {
                offenders.add(root.relativize(p).toString());
            }
        }
        assertThat(offenders)
                .as("sources outside libs/core that use " + INTERNAL)
                .isEmpty();
    }

    /** The checkout this test runs in: the nearest folder above libs/core with the parent pom and a services folder. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null
                && !(Files.isRegularFile(dir.resolve("pom.xml")) && Files.isDirectory(dir.resolve("services")))) {
            dir = dir.getParent();
        }
        assertThat(dir)
                .as("repository root above " + Path.of("").toAbsolutePath())
                .isNotNull();
        return dir;
    }

    private static Set<String> publicTypes() throws URISyntaxException, IOException, ClassNotFoundException {
        Path classes = Path.of(Engine.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .resolve("io/hetumind/core/engine");
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(classes)) {
            for (Path p : files.toList()) {
                String file = p.getFileName().toString();
                if (!file.endsWith(".class") || file.contains("$") || file.equals("package-info.class")) {
                    continue;
                }
                String name = file.substring(0, file.length() - ".class".length());
                if (Modifier.isPublic(
                        Class.forName("io.hetumind.core.engine." + name).getModifiers())) {
                    out.add(name);
                }
            }
        }
        assertThat(out).contains("Engine", "RunRequest", "ExecutionResult");
        return out;
    }

    private static Set<String> listed() throws IOException {
        try (InputStream in = EngineApiTest.class.getResourceAsStream("public-api.txt")) {
            assertThat(in).as("public-api.txt beside this test").isNotNull();
            Set<String> out = new TreeSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.add(s);
                }
            }
            return out;
        }
    }

    private static void collectLeaks(Class<?> type, List<String> leaks) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return;
        }
        for (Field f : type.getDeclaredFields()) {
            if (visible(f)) {
                check(f, f.getGenericType(), leaks);
            }
        }
        for (Method m : type.getDeclaredMethods()) {
            if (visible(m) && !m.isSynthetic()) {
                check(m, m.getGenericReturnType(), leaks);
                checkParameters(m, leaks);
            }
        }
        for (var c : type.getDeclaredConstructors()) {
            if (visible(c)) {
                checkParameters(c, leaks);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            collectLeaks(nested, leaks);
        }
    }

    private static boolean visible(Member m) {
        return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
    }

    private static void checkParameters(Executable e, List<String> leaks) {
        for (Type t : e.getGenericParameterTypes()) {
            check(e, t, leaks);
        }
    }

    private static void check(Member m, Type t, List<String> leaks) {
        if (t.getTypeName().contains(INTERNAL + ".")) {
            leaks.add(m.getDeclaringClass().getName() + "." + m.getName() + ": " + t.getTypeName());
        }
    }
}
