package io.hetumind.studio.execution.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.hetumind.core.spi.Json;
import io.hetumind.platform.problem.ProblemException;

/**
 * Optional JSON bodies: a POST without body (or content type) means "all defaults", which JAX-RS would answer with
 * 415; a body is read strictly (unknown fields are 400s, as everywhere in the API).
 */
final class Bodies {
    private Bodies() {}

    static <T> T read(String raw, Class<T> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        ObjectReader reader = Json.reader(type).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        try {
            return reader.readValue(raw);
        } catch (UnrecognizedPropertyException e) {
            throw ProblemException.invalid(e.getPropertyName(), "is not a known field");
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest(
                    "malformed-json", "the body is not valid JSON for this request: " + e.getOriginalMessage());
        }
    }
}
