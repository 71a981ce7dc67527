package io.hetumind.testkit;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A fresh test database for a service under test, and IAM's packaged jar running as its own process on the same database
 * (schema {@code iam}): agent and user tokens in these tests are real IAM tokens, verified through its JWKS.
 */
public class IamAndDatabase implements QuarkusTestResourceLifecycleManager {
    private final PostgresTestResource database = new PostgresTestResource();
    private Process iam;

    @Override
    public Map<String, String> start() {
        Path jar = Path.of("..", "iam", "target", "quarkus-app", "quarkus-run.jar")
                .toAbsolutePath()
                .normalize();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package services/iam first (the reactor does)");
        }
        Map<String, String> config = new HashMap<>(database.start());
        int port = freePort();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        File log = new File("target/iam-process.log");
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"), "-Xmx192m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(log);
        Map<String, String> env = pb.environment();
        env.put("HETUMIND_DB_URL", config.get("hetumind.test.db-url"));
        env.put("HETUMIND_IAM_PORT", String.valueOf(port));
        env.put("HETUMIND_IAM_HOST", "127.0.0.1");
        env.put("HETUMIND_IAM_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        env.put("HETUMIND_IAM_OPEN_SIGNUP", "true");
        env.put("HETUMIND_IAM_ARGON2_MEMORY_KIB", "1024");
        env.put("HETUMIND_IAM_ARGON2_ITERATIONS", "1");
        env.put("HETUMIND_IAM_SIGNIN_PER_ADDRESS_PER_MINUTE", "100000");
        env.put("HETUMIND_IAM_SIGNIN_PER_ACCOUNT_PER_MINUTE", "100000");
        env.put("HETUMIND_IAM_ACCESS_TOKEN_TTL", Iam.TTL_SECONDS + "s");
        environment(env);
        try {
            iam = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start IAM: " + e.getMessage(), e);
        }
        String base = "http://127.0.0.1:" + port;
        awaitReady(base, log);
        config.put("hetumind.auth.jwks-url", base + "/.well-known/jwks.json");
        config.put("hetumind.test.iam-url", base);
        return config;
    }

    /** Adjusts the IAM process's environment before it starts (a subclass may change or drop a setting). */
    protected void environment(Map<String, String> env) {}

    private void awaitReady(String base, File log) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!iam.isAlive()) {
                throw new IllegalStateException("IAM exited during start-up; see " + log.getAbsolutePath());
            }
            try {
                HttpResponse<Void> r = http.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/health/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("IAM was not ready within 180 s; see " + log.getAbsolutePath());
    }

    @Override
    public void stop() {
        if (iam != null) {
            iam.destroy();
            try {
                if (!iam.waitFor(30, TimeUnit.SECONDS)) {
                    iam.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        database.stop();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
