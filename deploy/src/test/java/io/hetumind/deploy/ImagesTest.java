package io.hetumind.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.hetumind.deploy.image.ImageBuild;
import io.hetumind.deploy.image.ImageBuilder;
import io.hetumind.deploy.image.JavaRuntime;
import io.hetumind.deploy.image.ServiceImage;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The services' container images, built here as {@code ./mvnw -Pimages package} builds them, then taken apart and
 * run the way a container runtime runs them: every layer unpacked in order into a root file system, the entry point
 * started in it ({@code chroot}, a fresh {@code /proc} in a mount and PID namespace of its own) as the image's user
 * with the image's environment. Nothing here needs a Docker daemon or a registry.
 */
class ImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Path root;
    private static Path out;
    private static Path work;
    private static final Map<String, ImageBuilder.Built> BUILT = new LinkedHashMap<>();
    private static final List<Process> STARTED = new ArrayList<>();
    private static String tag;
    private static String database;

    @BeforeAll
    static void buildEveryImage() throws Exception {
        root = Yaml.repo();
        out = root.resolve("deploy/target/test-images");
        work = root.resolve("deploy/target/image-work");
        tag = ImageBuild.defaultTag(root);
        Path runtime = JavaRuntime.link(Path.of(System.getProperty("java.home")), work);
        ImageBuilder builder = new ImageBuilder(root, runtime, work, System.out::println);
        for (String module : ServiceImage.MODULES) {
            BUILT.put(module, builder.build(ServiceImage.of(root, module), tag, out));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : STARTED) {
            if (ROOT_PREFIX != null && !ROOT_PREFIX.isEmpty()) { // started through sudo: it runs as root
                List<String> kill = new ArrayList<>(ROOT_PREFIX);
                kill.addAll(List.of("kill", "-KILL", String.valueOf(p.pid())));
                p.descendants().forEach(d -> kill.add(String.valueOf(d.pid())));
                new ProcessBuilder(kill).start().waitFor(10, TimeUnit.SECONDS);
            }
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        if (database != null) {
            try (Connection c = admin()) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }

    @Test
    void everyImageIsTheOneItsKubernetesWorkloadRuns() throws Exception {
        KustomizeOverlaysTest.Rendered prod = KustomizeOverlaysTest.parse(KustomizeOverlaysTest.render("prod"));
        Map<String, List<PodSpec>> podsByImage = new HashMap<>();
        for (Deployment d : prod.all(Deployment.class)) {
            PodSpec spec = d.getSpec().getTemplate().getSpec();
            spec.getContainers().forEach(c -> podsByImage
                    .computeIfAbsent(c.getImage(), k -> new ArrayList<>())
                    .add(spec));
        }
        for (DaemonSet d : prod.all(DaemonSet.class)) {
            PodSpec spec = d.getSpec().getTemplate().getSpec();
            spec.getContainers().forEach(c -> podsByImage
                    .computeIfAbsent(c.getImage(), k -> new ArrayList<>())
                    .add(spec));
        }
        List<String> ours = podsByImage.keySet().stream()
                .filter(i -> i.startsWith("hetumind/"))
                .sorted()
                .toList();
        assertThat(ours)
                .as("the images the manifests run are exactly those the build makes")
                .containsExactlyInAnyOrderElementsOf(BUILT.values().stream()
                        .map(ImageBuilder.Built::reference)
                        .toList());
        for (ImageBuilder.Built image : BUILT.values()) {
            JsonNode config = config(image).path("config");
            for (PodSpec pod : podsByImage.get(image.reference())) {
                Container c = pod.getContainers().stream()
                        .filter(x -> x.getImage().equals(image.reference()))
                        .findFirst()
                        .orElseThrow();
                for (ContainerPort port : c.getPorts()) {
                    assertThat(config.path("ExposedPorts").has(port.getContainerPort() + "/tcp"))
                            .as(image.reference() + " exposes the port " + c.getName() + " declares")
                            .isTrue();
                }
                Long runAs = pod.getSecurityContext() == null
                        ? null
                        : pod.getSecurityContext().getRunAsUser();
                assertThat(runAs).as(c.getName() + " runs as the image's user").isNotNull();
                assertThat(config.path("User").asText()).startsWith(runAs + ":");
                if (c.getSecurityContext() != null
                        && Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())) {
                    assertThat(c.getVolumeMounts())
                            .as(c.getName()
                                    + " has a read-only root: /tmp, the one place the image writes, is a volume")
                            .anyMatch(m -> m.getMountPath().equals("/tmp"));
                }
            }
            assertThat(config.path("Entrypoint").get(0).asText()).isEqualTo("/opt/java/bin/java");
            assertThat(config.path("Labels")
                            .path("org.opencontainers.image.version")
                            .asText())
                    .isEqualTo(tag);
            assertThat(config.path("Labels")
                            .path("io.hetumind.image.host-packages")
                            .asText())
                    .as("provenance of the files taken from the build machine")
                    .contains("libc6")
                    .doesNotContain("unknown:");
        }
    }

    @Test
    void theOsAndJavaLayersAreSharedAndOnlyTheAgentHasAShell() throws Exception {
        List<JsonNode> manifests = new ArrayList<>();
        for (ImageBuilder.Built image : BUILT.values()) {
            manifests.add(manifest(image));
        }
        for (JsonNode m : manifests) {
            assertThat(m.path("Layers").get(0))
                    .isEqualTo(manifests.get(0).path("Layers").get(0));
            assertThat(m.path("Layers").get(1))
                    .isEqualTo(manifests.get(0).path("Layers").get(1));
        }
        for (Map.Entry<String, ImageBuilder.Built> e : BUILT.entrySet()) {
            Path fs = unpack(e.getValue());
            boolean agent = e.getKey().equals("task-agent");
            assertThat(Files.isRegularFile(fs.resolve("bin/sh")))
                    .as(e.getKey() + " has /bin/sh")
                    .isEqualTo(agent);
            assertThat(manifest(e.getValue()).path("Layers").size()).isEqualTo(agent ? 5 : 4);
            assertThat(Files.isRegularFile(fs.resolve("deployments/quarkus-run.jar")))
                    .isTrue();
            assertThat(Files.exists(fs.resolve("opt/java/lib/libawt_xawt.so")))
                    .as("no X11 natives in a headless runtime")
                    .isFalse();
        }
    }

    /** Built again by the profile's main class in a JVM of its own: the same config and layers, byte for byte. */
    @Test
    void theSameInputsGiveTheSameImage() throws Exception {
        Path again = root.resolve("deploy/target/test-images-again");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ImageBuild.class.getName(),
                        "--out",
                        again.toString(),
                        "task-agent")
                .directory(root.toFile())
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains(BUILT.get("task-agent").digest());
        ImageBuilder.Built second =
                new ImageBuilder.Built(BUILT.get("task-agent").reference(), again.resolve("task-agent.tar"), "", "");
        assertThat(tarEntry(second, "config.json")).isEqualTo(tarEntry(BUILT.get("task-agent"), "config.json"));
        assertThat(manifest(second)).isEqualTo(manifest(BUILT.get("task-agent")));
    }

    @Test
    void theAgentRunsJobsWithItsShellAsItsUserAndCannotWriteItsCode() throws Exception {
        Path fs = unpack(BUILT.get("task-agent"));
        Process p = inImage(
                BUILT.get("task-agent"),
                fs,
                Map.of(),
                List.of(
                        "/bin/sh",
                        "-c",
                        "echo hello | tr a-z A-Z; id -u; bash -c 'echo $((6*7))'; date -u +%Y >/tmp/y && cat /tmp/y;"
                                + " touch /deployments/x 2>/tmp/refused || echo read-only")); // no /dev: a runtime
        // mounts it
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(text.lines().toList())
                .as(text)
                .containsExactly(
                        "HELLO",
                        runsAsImageUser() ? String.valueOf(ImageBuilder.UID) : "0",
                        "42",
                        String.valueOf(
                                java.time.Year.now(java.time.ZoneOffset.UTC).getValue()),
                        runsAsImageUser() ? "read-only" : text.lines().toList().getLast());
    }

    /**
     * IAM, the studio and the task server start from their images against one fresh database, as the Kubernetes
     * manifests configure them (the config map's settings, the secrets' keys), and answer: ready, the studio's
     * designer page, the task server's health.
     */
    @Test
    void theServicesStartFromTheirImagesAndAnswer() throws Exception {
        database = "hetumind_images_" + Long.toHexString(System.nanoTime());
        try (Connection c = admin()) {
            c.createStatement().execute("CREATE DATABASE " + database);
        }
        URI pg = pg();
        String dbUrl = "postgresql://" + user(pg) + "@" + pg.getHost() + ":" + pg.getPort() + "/" + database;
        KustomizeOverlaysTest.Rendered prod = KustomizeOverlaysTest.parse(KustomizeOverlaysTest.render("prod"));
        Map<String, String> common = new HashMap<>(prod.all(ConfigMap.class).stream()
                .filter(m -> m.getMetadata().getName().equals("hetumind-config"))
                .findFirst()
                .orElseThrow()
                .getData());
        int iamPort = freePort();
        int studioPort = freePort();
        int schedPort = freePort();
        common.put("HETUMIND_AUTH_JWKS_URL", "http://127.0.0.1:" + iamPort + "/.well-known/jwks.json");
        common.put("HETUMIND_DB_URL", dbUrl);

        Map<String, String> iam = new HashMap<>(common);
        iam.put("HETUMIND_IAM_MASTER_KEY", randomKey());
        iam.put("HETUMIND_IAM_PORT", String.valueOf(iamPort));
        Process iamProcess = start("iam", iam);
        awaitReady("iam", iamProcess, iamPort);

        Map<String, String> studio = new HashMap<>(common);
        studio.put("HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY", "k1");
        studio.put("HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_K1", randomKey());
        studio.put("HETUMIND_STUDIO_PORT", String.valueOf(studioPort));
        Map<String, String> sched = new HashMap<>(common);
        sched.put("HETUMIND_SCHED_PORT", String.valueOf(schedPort));
        Process studioProcess = start("studio", studio);
        Process schedProcess = start("task-server", sched);
        awaitReady("studio", studioProcess, studioPort);
        awaitReady("task-server", schedProcess, schedPort);

        HttpResponse<String> page = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + studioPort + "/"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).as("the designer, served from the image").containsIgnoringCase("<!doctype html");
        // a workflow with a Code node (the JavaScript sandbox) runs in the studio's image, with a token IAM's issued
        String owner = "{\"email\":\"owner@images.test\",\"password\":\"a-long-passphrase-for-images\","
                + "\"name\":\"Owner\",\"tenant\":\"Images\"}";
        assertThat(post("http://127.0.0.1:" + iamPort + "/api/v1/auth/signup", null, owner)
                        .statusCode())
                .isBetween(200, 201);
        HttpResponse<String> signin = post(
                "http://127.0.0.1:" + iamPort + "/api/v1/auth/signin",
                null,
                "{\"email\":\"owner@images.test\",\"password\":\"a-long-passphrase-for-images\"}");
        String token = JSON.readTree(signin.body()).path("accessToken").asText();
        assertThat(token).as(signin.body()).isNotEmpty();
        String workflow =
                """
                {"name": "From the image",
                 "nodes": [
                   {"id": "t", "name": "Start", "type": "hetumind.manualTrigger", "typeVersion": 1, "position": [0, 0],
                    "parameters": {}},
                   {"id": "c", "name": "Compute", "type": "hetumind.code", "typeVersion": 2, "position": [200, 0],
                    "parameters": {"jsCode": "return [{json: {answer: 6 * 7, text: 'ok'.toUpperCase()}}];"}}],
                 "connections": {"Start": {"main": [[{"node": "Compute", "type": "main", "index": 0}]]}}}
                """;
        HttpResponse<String> created = post("http://127.0.0.1:" + studioPort + "/api/v1/workflows", token, workflow);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = JSON.readTree(created.body()).path("id").asText();
        HttpResponse<String> run =
                post("http://127.0.0.1:" + studioPort + "/api/v1/workflows/" + id + "/execute", token, "{}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        JsonNode out = JSON.readTree(run.body())
                .findValue("Compute")
                .get(0)
                .path("data")
                .path("main")
                .get(0)
                .get(0)
                .path("json");
        assertThat(out.path("answer").asInt()).as(run.body()).isEqualTo(42);
        assertThat(out.path("text").asText()).isEqualTo("OK");

        HttpResponse<String> jwks = HTTP.send(
                HttpRequest.newBuilder(URI.create(common.get("HETUMIND_AUTH_JWKS_URL")))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(jwks.body()).path("keys").size()).isPositive();
    }

    private static HttpResponse<String> post(String url, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Process start(String module, Map<String, String> env) throws Exception {
        ImageBuilder.Built image = BUILT.get(module);
        Path fs = unpack(image);
        List<String> cmd = new ArrayList<>();
        config(image).path("config").path("Entrypoint").forEach(a -> cmd.add(a.asText()));
        Path log = out.resolve(module + ".log");
        Process p = inImage(image, fs, env, cmd, log);
        STARTED.add(p);
        return p;
    }

    private static void awaitReady(String module, Process p, int port) throws Exception {
        URI ready = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String last = "";
        while (System.nanoTime() < deadline) {
            assertThat(p.isAlive())
                    .as(module + " exited: " + Files.readString(out.resolve(module + ".log")))
                    .isTrue();
            try {
                HttpResponse<String> r =
                        HTTP.send(HttpRequest.newBuilder(ready).build(), HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200
                        && JSON.readTree(r.body()).path("status").asText().equals("UP")) {
                    return;
                }
            } catch (IOException notYet) {
                last = notYet.toString();
            }
            Thread.sleep(500);
        }
        throw new AssertionError(
                module + " not ready in 120 s: " + last + "\n" + Files.readString(out.resolve(module + ".log")));
    }

    /** The image's layers unpacked in order (once per image) into a root file system. */
    private static synchronized Path unpack(ImageBuilder.Built image) throws Exception {
        Path dir = out.resolve("rootfs").resolve(image.reference().replaceAll("[^a-z0-9.-]", "_"));
        if (Files.isDirectory(dir.resolve("deployments"))) {
            return dir;
        }
        Path tar = out.resolve("unpacked").resolve(dir.getFileName());
        Files.createDirectories(tar);
        Files.createDirectories(dir);
        exec("tar", "-xf", image.tar().toString(), "-C", tar.toString());
        for (JsonNode layer : manifest(image).path("Layers")) {
            exec(
                    "tar",
                    "--warning=no-unknown-keyword",
                    "-xzf",
                    tar.resolve(layer.asText()).toString(),
                    "-C",
                    dir.toString());
        }
        Files.createDirectories(dir.resolve("proc"));
        return dir;
    }

    private static JsonNode manifest(ImageBuilder.Built image) throws Exception {
        return JSON.readTree(tarEntry(image, "manifest.json")).get(0);
    }

    private static JsonNode config(ImageBuilder.Built image) throws Exception {
        return JSON.readTree(tarEntry(image, "config.json"));
    }

    private static String tarEntry(ImageBuilder.Built image, String name) throws Exception {
        Process p = new ProcessBuilder("tar", "-xOf", image.tar().toString(), name).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("tar -xOf " + name).isZero();
        return text;
    }

    private static Process inImage(ImageBuilder.Built image, Path fs, Map<String, String> env, List<String> cmd)
            throws Exception {
        return inImage(image, fs, env, cmd, null);
    }

    /**
     * {@code cmd} run in the image: in mount and PID namespaces of its own with {@code /proc} mounted, {@code chroot}
     * into the unpacked file system, as the image's user (as root: a user namespace maps the caller to root, which is
     * the most a non-root caller can do), with only the image's environment and {@code env}.
     */
    private static Process inImage(
            ImageBuilder.Built image, Path fs, Map<String, String> env, List<String> cmd, Path log) throws Exception {
        JsonNode config = config(image).path("config");
        List<String> argv = new ArrayList<>(runsAsImageUser() ? ROOT_PREFIX : List.of());
        argv.add("unshare");
        if (!runsAsImageUser()) {
            argv.add("--user");
            argv.add("--map-root-user");
        }
        argv.addAll(List.of("--mount", "--pid", "--fork", "--mount-proc=" + fs.resolve("proc"), "env", "-i"));
        config.path("Env").forEach(e -> argv.add(e.asText()));
        env.forEach((k, v) -> argv.add(k + "=" + v));
        argv.add(which("chroot")); // env -i leaves no PATH to find it by
        if (runsAsImageUser()) {
            argv.add("--userspec=" + config.path("User").asText());
        }
        argv.add(fs.toString());
        argv.addAll(cmd);
        ProcessBuilder b = new ProcessBuilder(argv).redirectErrorStream(true);
        if (log != null) {
            b.redirectOutput(log.toFile());
        }
        return b.start();
    }

    private static String which(String command) {
        return java.util.stream.Stream.concat(
                        java.util.stream.Stream.of(System.getenv("PATH").split(":")),
                        java.util.stream.Stream.of("/usr/sbin", "/sbin"))
                .map(d -> Path.of(d, command))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(command + " is not installed"))
                .toString();
    }

    /**
     * How the test gets root for {@code chroot}: it is root (as in .ci/run), or {@code sudo -n} works (a GitHub
     * runner), else nothing — then a user namespace maps the caller to root, and the commands run as that root.
     */
    private static final List<String> ROOT_PREFIX = rootPrefix();

    private static List<String> rootPrefix() {
        if (new com.sun.security.auth.module.UnixSystem().getUid() == 0) {
            return List.of();
        }
        try {
            Process p = new ProcessBuilder("sudo", "-n", "true")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? List.of("sudo", "-n") : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    private static boolean runsAsImageUser() {
        return ROOT_PREFIX != null;
    }

    private static void exec(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + "\n" + text).isZero();
    }

    /** The server of {@code HETUMIND_TEST_PG_URL} (as every module's tests use it; .ci/run sets it). */
    private static URI pg() {
        return URI.create(
                System.getenv().getOrDefault("HETUMIND_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres"));
    }

    private static Connection admin() throws Exception {
        URI pg = pg();
        return DriverManager.getConnection(
                "jdbc:postgresql://" + pg.getHost() + ":" + pg.getPort() + pg.getPath(), user(pg), null);
    }

    private static String user(URI pg) {
        String info = pg.getUserInfo();
        return info == null ? "postgres" : info.split(":")[0];
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }
}
