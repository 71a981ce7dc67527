package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls to a studio's {@code /api/v1} with the session's token; an error answer becomes its problem's detail. */
final class StudioApi {
    private final StudioSession session;
    private final HttpClient http = HttpClient.newHttpClient();

    StudioApi(StudioSession session) {
        this.session = session;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null, null, Duration.ofSeconds(30));
    }

    JsonNode send(String method, String path, String body, String contentType, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(session.studio + "/api/v1" + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + session.accessToken())
                .header("Accept", "application/json");
        if (body != null) {
            b.header("Content-Type", contentType);
        }
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException("cannot reach the studio at " + session.studio + " (is `./hetumind up` running?)");
        }
        if (r.statusCode() / 100 != 2) {
            throw new IOException(problem(r));
        }
        return r.body().isBlank() ? StudioSession.JSON.nullNode() : StudioSession.JSON.readTree(r.body());
    }

    /** "409 Conflict: workflow … is at version 2 …" from a problem document, or the raw body. */
    static String problem(HttpResponse<String> r) {
        try {
            JsonNode p = StudioSession.JSON.readTree(r.body());
            StringBuilder sb = new StringBuilder()
                    .append(r.statusCode())
                    .append(' ')
                    .append(p.path("title").asText(""))
                    .append(": ")
                    .append(p.path("detail").asText(r.body()));
            for (JsonNode e : p.path("errors")) {
                sb.append("\n  ")
                        .append(e.path("field").asText())
                        .append(": ")
                        .append(e.path("message").asText());
            }
            return sb.toString();
        } catch (IOException e) {
            return r.statusCode() + ": " + r.body();
        }
    }
}
