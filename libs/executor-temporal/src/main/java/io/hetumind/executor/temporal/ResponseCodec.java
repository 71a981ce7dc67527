package io.hetumind.executor.temporal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.trigger.WebhookResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook response as the run-data stores keep it: JSON text of status, headers, body, content type and a binary
 * body as base64.
 */
public final class ResponseCodec {

    private ResponseCodec() {}

    public static String write(WebhookResponse r) {
        ObjectNode json = Json.object().put("status", r.status());
        ObjectNode headers = json.putObject("headers");
        r.headers().forEach(headers::put);
        json.put("body", r.body());
        json.put("contentType", r.contentType());
        if (r.data() != null) {
            json.put("data", java.util.Base64.getEncoder().encodeToString(r.data()));
        }
        return Json.write(json);
    }

    public static WebhookResponse read(String text) {
        JsonNode json = Json.parse(text);
        Map<String, String> headers = new LinkedHashMap<>();
        json.path("headers")
                .properties()
                .forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new WebhookResponse(
                json.path("status").asInt(),
                headers,
                json.path("body").isNull() ? null : json.path("body").asText(),
                json.path("contentType").isNull()
                        ? null
                        : json.path("contentType").asText(),
                json.path("data").isTextual()
                        ? java.util.Base64.getDecoder().decode(json.path("data").asText())
                        : null);
    }
}
