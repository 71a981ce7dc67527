package io.hetumind.deploy.image;

import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.TarImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import com.google.cloud.tools.jib.api.buildplan.FileEntriesLayer;
import com.google.cloud.tools.jib.api.buildplan.FilePermissions;
import com.google.cloud.tools.jib.api.buildplan.ImageFormat;
import com.google.cloud.tools.jib.api.buildplan.Port;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a service's container image with Jib, from scratch and without a Docker daemon or a registry: no base image
 * is pulled (nothing may be downloaded but from Maven Central). The image is written as a tarball that {@code docker
 * load}, {@code podman load} and {@code skopeo copy docker-archive:…} take.
 *
 * <p>Layers, from the most shared to the most often changed: {@code os} (the C library the runtime links, a
 * {@code hetumind} user 10001, {@code /tmp}), {@code java} (the linked runtime at {@code /opt/java}), for the task
 * agent {@code shell} (dash as {@code /bin/sh}, bash, coreutils and their libraries), {@code dependencies} (the
 * Quarkus application's {@code lib/}) and {@code application} (its own code). The first two are identical for every
 * service, so a node pulls them once. Files carry Jib's fixed time stamp and the image's creation time is the epoch:
 * the same inputs give the same image digest.
 */
public final class ImageBuilder {

    /** The user and group the services run as (the Kubernetes manifests' {@code runAsUser}). */
    public static final int UID = 10001;

    /** The JVM's command line; more options go in {@code JDK_JAVA_OPTIONS}, which the {@code java} launcher reads. */
    public static final List<String> ENTRYPOINT = List.of(
            "/opt/java/bin/java",
            "-XX:MaxRAMPercentage=75",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true",
            "-jar",
            "/deployments/quarkus-run.jar");

    /** In a fixed order: the config is part of the digest, and {@code Map.of} iterates differently per JVM. */
    private static final Map<String, String> ENVIRONMENT = new TreeMap<>(Map.of(
            "JAVA_HOME", "/opt/java",
            "PATH", "/opt/java/bin:/usr/bin:/bin",
            "LANG", "C.UTF-8"));

    private static final AbsoluteUnixPath DEPLOYMENTS = AbsoluteUnixPath.get("/deployments");

    private final Path root;
    private final Path runtime;
    private final Path work;
    private final Consumer<String> log;

    /**
     * @param root the repository (services are read from {@code services/<module>/target/quarkus-app})
     * @param runtime the linked Java runtime ({@link JavaRuntime#link})
     * @param work a directory for Jib's layer cache and the files the build writes ({@code /etc/passwd} …)
     * @param log where progress goes
     */
    public ImageBuilder(Path root, Path runtime, Path work, Consumer<String> log) {
        this.root = root;
        this.runtime = runtime;
        this.work = work;
        this.log = log;
    }

    /** An image written to {@code tar}, with the digest and id Jib computed. */
    public record Built(String reference, Path tar, String digest, String imageId) {}

    /** The image {@code hetumind/<module>:<tag>} of {@code image}, written to {@code out/<module>.tar}. */
    public Built build(ServiceImage image, String tag, Path out) throws Exception {
        Path app = image.app(root);
        if (!Files.isRegularFile(app.resolve("quarkus-run.jar"))) {
            throw new IllegalStateException(
                    app + " holds no quarkus-run.jar: build services/" + image.module() + " first (./mvnw package)");
        }
        SortedMap<String, Path> libs = HostFiles.librariesOf(runtime);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.title", "hetumind-" + image.module());
        labels.put("org.opencontainers.image.version", tag);
        labels.put("org.opencontainers.image.vendor", "Hetumind");
        labels.put("io.hetumind.image.java", javaVersion());

        List<FileEntriesLayer> layers = new ArrayList<>();
        layers.add(osLayer(libs));
        layers.add(FileEntriesLayer.builder()
                .setName("java")
                .addEntryRecursive(runtime, AbsoluteUnixPath.get("/opt/java"), ImageBuilder::sourcePermissions)
                .build());
        SortedMap<String, Path> host = new TreeMap<>(libs);
        if (image.shellTools()) {
            SortedMap<String, Path> tools = HostFiles.shellTools();
            SortedMap<String, Path> toolLibs = HostFiles.librariesOf(tools.values(), null);
            // the same library may be named by /lib/… for the runtime and /usr/lib/… for a tool: the loader
            // searches both, one copy is enough
            Set<String> have =
                    libs.keySet().stream().map(ImageBuilder::fileName).collect(Collectors.toSet());
            toolLibs.keySet().removeIf(path -> have.contains(fileName(path)));
            FileEntriesLayer.Builder shell = FileEntriesLayer.builder().setName("shell");
            tools.forEach((path, src) -> shell.addEntry(src, AbsoluteUnixPath.get(path), sourcePermissions(src, null)));
            toolLibs.forEach(
                    (path, src) -> shell.addEntry(src, AbsoluteUnixPath.get(path), sourcePermissions(src, null)));
            layers.add(shell.build());
            host.putAll(tools);
            host.putAll(toolLibs);
        }
        labels.put(
                "io.hetumind.image.host-packages",
                HostFiles.packages(host.keySet()).entrySet().stream()
                        .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
                        .distinct()
                        .collect(Collectors.joining(",")));
        FileEntriesLayer.Builder deps = FileEntriesLayer.builder().setName("dependencies");
        addTree(deps, app.resolve("lib"), DEPLOYMENTS.resolve("lib"));
        layers.add(deps.build());
        FileEntriesLayer.Builder own = FileEntriesLayer.builder().setName("application");
        own.addEntry(app.resolve("quarkus-run.jar"), DEPLOYMENTS.resolve("quarkus-run.jar"));
        addTree(own, app.resolve("app"), DEPLOYMENTS.resolve("app"));
        addTree(own, app.resolve("quarkus"), DEPLOYMENTS.resolve("quarkus"));
        layers.add(own.build());

        JibContainerBuilder jib = Jib.fromScratch()
                .setFormat(ImageFormat.Docker)
                .setFileEntriesLayers(layers)
                .setEntrypoint(ENTRYPOINT)
                .setEnvironment(ENVIRONMENT)
                .setExposedPorts(Set.of(Port.tcp(image.port())))
                .setUser(UID + ":" + UID)
                .setWorkingDirectory(DEPLOYMENTS)
                .setLabels(labels)
                .setCreationTime(Instant.EPOCH);
        String reference = "hetumind/" + image.module() + ":" + tag;
        Files.createDirectories(out);
        Path tar = out.resolve(image.module() + ".tar");
        Path cache = work.resolve("jib-cache");
        Containerizer to = Containerizer.to(TarImage.at(tar).named(reference))
                .setOfflineMode(true)
                .setToolName("hetumind-deploy")
                .setBaseImageLayersCache(cache)
                .setApplicationLayersCache(cache)
                .addEventHandler(LogEvent.class, e -> {
                    if (e.getLevel() == LogEvent.Level.ERROR || e.getLevel() == LogEvent.Level.WARN) {
                        log.accept(reference + ": " + e.getMessage());
                    }
                });
        JibContainer built = jib.containerize(to);
        log.accept(reference + " → " + tar + " (" + built.getDigest() + ")");
        return new Built(
                reference, tar, built.getDigest().toString(), built.getImageId().toString());
    }

    /** The C library and loader, the service user, name-service defaults and a {@code /tmp} it may write. */
    private FileEntriesLayer osLayer(SortedMap<String, Path> libs) throws IOException {
        Path etc = work.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(
                etc.resolve("passwd"),
                "root:x:0:0:root:/root:/usr/sbin/nologin\nhetumind:x:" + UID + ":" + UID
                        + ":Hetumind:/tmp:/usr/sbin/nologin\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nhetumind:x:" + UID + ":\n");
        Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
        Path tmp = work.resolve("tmp");
        Files.createDirectories(tmp);
        FileEntriesLayer.Builder os = FileEntriesLayer.builder().setName("os");
        FilePermissions readable = FilePermissions.fromOctalString("644");
        for (String name : List.of("passwd", "group", "nsswitch.conf")) {
            os.addEntry(etc.resolve(name), AbsoluteUnixPath.get("/etc/" + name), readable);
        }
        os.addEntry(
                tmp,
                AbsoluteUnixPath.get("/tmp"),
                FilePermissions.fromOctalString("777"),
                FileEntriesLayer.DEFAULT_MODIFICATION_TIME,
                UID + ":" + UID);
        libs.forEach((path, src) -> os.addEntry(src, AbsoluteUnixPath.get(path), sourcePermissions(src, null)));
        return os.build();
    }

    private static void addTree(FileEntriesLayer.Builder layer, Path dir, AbsoluteUnixPath target) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                Path rel = dir.relativize(p);
                layer.addEntry(
                        p, target.resolve(rel.toString().replace('\\', '/')), FilePermissions.fromOctalString("644"));
            }
        }
    }

    /** The file's own mode bits (executables stay executable), which Jib would otherwise set to 644. */
    static FilePermissions sourcePermissions(Path source, AbsoluteUnixPath target) {
        try {
            return FilePermissions.fromPosixFilePermissions(Files.getPosixFilePermissions(source));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private String javaVersion() throws IOException {
        return Files.readAllLines(runtime.resolve("release")).stream()
                .filter(l -> l.startsWith("JAVA_RUNTIME_VERSION=") || l.startsWith("JAVA_VERSION="))
                .map(l -> l.substring(l.indexOf('=') + 1).replace("\"", ""))
                .reduce((a, b) -> b)
                .orElse("unknown");
    }
}
