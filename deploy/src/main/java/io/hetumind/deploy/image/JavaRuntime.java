package io.hetumind.deploy.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Java runtime every image carries at {@code /opt/java}: {@code jlink} of the JDK that runs the build (JDK 25
 * links from its own run-time image, no {@code jmods} needed). One runtime for all services, so the layer is shared
 * between their images and pulled once per node.
 *
 * <p>The modules are fixed rather than found by {@code jdeps}, which misses what is loaded by name (security
 * providers, charsets, locale data, the DNS naming provider, zipfs): {@code java.se} and the {@code jdk.*} run-time
 * modules libraries here reach for. Native libraries that need an X server or a sound card are left out: the
 * services run headless ({@code java.awt.headless}).
 */
public final class JavaRuntime {

    static final List<String> MODULES = List.of(
            "java.se",
            "jdk.unsupported",
            "jdk.zipfs",
            "jdk.charsets",
            "jdk.localedata",
            "jdk.crypto.cryptoki",
            "jdk.crypto.ec",
            "jdk.naming.dns",
            "jdk.net",
            "jdk.httpserver",
            "jdk.security.auth",
            "jdk.security.jgss",
            "jdk.management",
            "jdk.management.agent",
            "jdk.management.jfr",
            "jdk.jfr");

    /** Natives of java.desktop that link X11 or ALSA; a headless JVM never loads them. */
    static final List<String> DESKTOP_ONLY =
            List.of("libawt_xawt.so", "libjawt.so", "libjsound.so", "libsplashscreen.so");

    private JavaRuntime() {}

    /**
     * The runtime linked from {@code jdk} into {@code cache/java-runtime}, reused while the JDK's release and the module
     * list are those it was linked with.
     */
    public static Path link(Path jdk, Path cache) throws IOException, InterruptedException {
        Path out = cache.resolve("java-runtime");
        Path stamp = cache.resolve("java-runtime.stamp");
        String want = Files.readString(jdk.resolve("release"), StandardCharsets.UTF_8) + MODULES + DESKTOP_ONLY;
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(want) && Files.isDirectory(out)) {
            return out;
        }
        deleteTree(out);
        Files.createDirectories(cache);
        List<String> cmd = new ArrayList<>(List.of(
                jdk.resolve("bin/jlink").toString(),
                "--add-modules",
                String.join(",", MODULES),
                "--strip-debug",
                "--no-header-files",
                "--no-man-pages",
                "--output",
                out.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("jlink failed (" + String.join(" ", cmd) + "):\n" + log);
        }
        for (String lib : DESKTOP_ONLY) {
            Files.deleteIfExists(out.resolve("lib").resolve(lib));
        }
        Files.writeString(stamp, want);
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
