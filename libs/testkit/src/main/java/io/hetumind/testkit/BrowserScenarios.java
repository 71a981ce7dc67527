package io.hetumind.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the designer's end-to-end scenarios ({@code node frontend/e2e/run.mjs}) in a real Chromium against a running
 * studio, echoing their output, and fails with the runner's exit code. Shared by the studio's own e2e test and the
 * scheduler's (services/task-it). Chromium or playwright-core missing is a failure, never a skip.
 */
public final class BrowserScenarios {

    private BrowserScenarios() {}

    /**
     * Runs the scenarios with {@code env} (at least {@code STUDIO_URL}; {@code SCENARIO_DIR}, {@code TEST_SERVER_URL}
     * as the runner documents); screenshots go to {@code target/screenshots} of the calling module.
     */
    public static void run(Map<String, String> env, Duration within) throws IOException, InterruptedException {
        Path frontend = Path.of("..", "..", "frontend").toAbsolutePath().normalize();
        Path script = frontend.resolve("e2e/run.mjs");
        assertThat(script).as("the e2e runner").exists();
        assertThat(frontend.resolve("node_modules/playwright-core"))
                .as("playwright-core (npm ci of the frontend module installs it)")
                .exists();
        Path screenshots = Path.of("target", "screenshots").toAbsolutePath();
        Files.createDirectories(screenshots);
        ProcessBuilder pb = new ProcessBuilder("node", script.toString())
                .directory(frontend.toFile())
                .redirectErrorStream(true);
        pb.environment().put("SCREENSHOT_DIR", screenshots.toString());
        pb.environment().putAll(env);
        Process node = pb.start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    System.out.println(line);
                }
            } catch (IOException e) {
                System.out.println("e2e output ended: " + e.getMessage());
            }
        });
        if (!node.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            node.destroyForcibly();
            throw new AssertionError("the e2e scenarios did not finish within " + within);
        }
        assertThat(node.exitValue())
                .as("node e2e/run.mjs exit code (its output above names each failed scenario; screenshots in "
                        + screenshots + ")")
                .isZero();
    }
}
