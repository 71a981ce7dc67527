package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;

/**
 * The CLI's sign-in to a running studio: its URL, IAM's URL and the tokens, in {@code $HETUMIND_HOME/session.json}
 * (default {@code ~/.hetumind}, readable by the user alone). An expired access token is renewed with the refresh
 * token before a call; {@code HETUMIND_TOKEN} (with {@code HETUMIND_STUDIO_URL}) replaces the file for scripts.
 */
final class StudioSession {
    static final ObjectMapper JSON = new ObjectMapper();

    final String studio;
    final String iam;
    private String accessToken;
    private String refreshToken;
    private long expiresAt;
    private final Path file;

    private StudioSession(Path file, String studio, String iam, String access, String refresh, long expiresAt) {
        this.file = file;
        this.studio = trim(studio);
        this.iam = iam == null ? null : trim(iam);
        this.accessToken = access;
        this.refreshToken = refresh;
        this.expiresAt = expiresAt;
    }

    static Path home() {
        String env = System.getProperty("hetumind.home", System.getenv("HETUMIND_HOME"));
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".hetumind");
    }

    /** Signs in with e-mail and password and stores the session. */
    static StudioSession login(String studio, String iam, String email, String password)
            throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode().put("email", email).put("password", password);
        JsonNode tokens = post(trim(iam) + "/api/v1/auth/signin", body);
        StudioSession s = new StudioSession(home().resolve("session.json"), studio, iam, null, null, 0);
        s.take(tokens);
        s.save();
        return s;
    }

    /** The stored session, or one from {@code HETUMIND_TOKEN}; explains how to sign in when there is neither. */
    static StudioSession current() throws IOException {
        String token = System.getenv("HETUMIND_TOKEN");
        String studioEnv = System.getenv("HETUMIND_STUDIO_URL");
        if (token != null && !token.isBlank()) {
            return new StudioSession(
                    null, studioEnv == null ? "http://127.0.0.1:8080" : studioEnv, null, token, null, Long.MAX_VALUE);
        }
        Path file = home().resolve("session.json");
        if (!Files.exists(file)) {
            throw new IOException("not signed in: run `hetumind login --email you@example.com` first"
                    + " (or set HETUMIND_TOKEN and HETUMIND_STUDIO_URL)");
        }
        JsonNode s = JSON.readTree(file.toFile());
        return new StudioSession(
                file,
                studioEnv == null ? s.path("studio").asText() : studioEnv,
                s.path("iam").asText(),
                s.path("accessToken").asText(),
                s.path("refreshToken").asText(),
                s.path("expiresAt").asLong());
    }

    /** A valid access token, refreshed first when it is about to expire. */
    String accessToken() throws IOException, InterruptedException {
        if (Instant.now().getEpochSecond() + 15 >= expiresAt && refreshToken != null && iam != null) {
            JsonNode tokens;
            try {
                tokens = post(
                        iam + "/api/v1/auth/refresh", JSON.createObjectNode().put("refreshToken", refreshToken));
            } catch (IOException e) {
                throw new IOException("the session has ended (" + e.getMessage() + "): run `hetumind login` again");
            }
            take(tokens);
            save();
        }
        return accessToken;
    }

    private void take(JsonNode tokens) {
        accessToken = tokens.path("accessToken").asText();
        refreshToken = tokens.path("refreshToken").asText(null);
        expiresAt = Instant.now().getEpochSecond() + tokens.path("expiresIn").asLong(300);
    }

    private void save() throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        ObjectNode s = JSON.createObjectNode()
                .put("studio", studio)
                .put("iam", iam)
                .put("accessToken", accessToken)
                .put("refreshToken", refreshToken)
                .put("expiresAt", expiresAt);
        Path tmp = Files.createTempFile(
                file.getParent(),
                "session",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, s.toPrettyString());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonNode post(String url, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(StudioApi.problem(r));
        }
        return JSON.readTree(r.body());
    }

    private static String trim(String url) {
        return url.replaceAll("/+$", "");
    }
}
