package io.hetumind.taskagent.link;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Exchanges the agent token at IAM ({@code POST /api/v1/auth/agent}) for a short-lived access token, reused until a
 * minute before it expires. The agent token itself is never logged.
 */
public final class TokenSource {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String iamUrl;
    private final Optional<String> token;
    private final Optional<Path> tokenFile;
    private String access;
    private long renewAtMillis;

    public TokenSource(String iamUrl, Optional<String> token, Optional<Path> tokenFile) {
        this.iamUrl = iamUrl.endsWith("/") ? iamUrl.substring(0, iamUrl.length() - 1) : iamUrl;
        this.token = token;
        this.tokenFile = tokenFile;
    }

    /** An access token for the gateway; throws {@link IOException} when IAM refuses or cannot be reached. */
    public synchronized String get() throws IOException {
        if (access != null && System.currentTimeMillis() < renewAtMillis) {
            return access;
        }
        String secret = secret();
        HttpRequest req = HttpRequest.newBuilder(URI.create(iamUrl + "/api/v1/auth/agent"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("secret", secret))))
                .build();
        HttpResponse<String> r;
        try {
            r = http.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (r.statusCode() != 200) {
            throw new IOException("IAM refused the agent token (HTTP " + r.statusCode() + ")");
        }
        JsonNode body = JSON.readTree(r.body());
        access = body.path("accessToken").asText();
        long ttl = body.path("expiresIn").asLong(900);
        renewAtMillis = System.currentTimeMillis() + Math.max(5, ttl - 60) * 1000;
        return access;
    }

    /** Forgets the cached access token (the server closed the connection because it expired). */
    public synchronized void expire() {
        access = null;
    }

    private String secret() throws IOException {
        if (token.isPresent() && !token.get().isBlank()) {
            return token.get().trim();
        }
        if (tokenFile.isPresent()) {
            return Files.readAllLines(tokenFile.get()).getFirst().trim();
        }
        throw new IOException("no agent token: set hetumind.agent.token or hetumind.agent.token-file");
    }
}
