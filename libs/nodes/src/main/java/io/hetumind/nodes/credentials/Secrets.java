package io.hetumind.nodes.credentials;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialDescriptor;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secret values a node run holds (credential fields, derived tokens) and their masking in
 * everything that leaves the node: error messages, error items, console lines.
 */
public final class Secrets {

    /** Shorter values are not masked: they would garble every message without protecting anything. */
    private static final int MIN_LENGTH = 3;

    private static final String MASK = "***";

    public static final Secrets NONE = new Secrets();

    private final Set<String> values =
            new TreeSet<>(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

    private Secrets() {}

    /** The secret fields of {@code data} per {@code type}, with their URL- and Base64-encoded forms. */
    public static Secrets of(CredentialDescriptor type, ObjectNode data) {
        Secrets s = new Secrets();
        type.secretValues(data).forEach(s::addForms);
        return s;
    }

    /** A copy with {@code value} (e.g. a fetched access token, a Basic header) also masked. */
    public Secrets with(String value) {
        Secrets s = new Secrets();
        s.values.addAll(values);
        s.addForms(value);
        return s;
    }

    public Secrets and(Secrets other) {
        Secrets s = new Secrets();
        s.values.addAll(values);
        s.values.addAll(other.values);
        return s;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    private void addForms(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            return;
        }
        values.add(value);
        values.add(URLEncoder.encode(value, StandardCharsets.UTF_8));
        values.add(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
        values.add(Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
    }

    public String redact(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        String out = text;
        for (String v : values) {
            out = out.replace(v, MASK);
        }
        return out;
    }

    /** {@code e} with secrets masked; the cause is dropped when its messages would leak one. */
    public NodeException redact(NodeException e) {
        if (values.isEmpty()) {
            return e;
        }
        Throwable cause = e.getCause();
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (!String.valueOf(c.getMessage()).equals(redact(String.valueOf(c.getMessage())))) {
                cause = null;
                break;
            }
        }
        NodeException copy =
                new NodeException(e.kind(), redact(e.getMessage()), e.itemIndex(), redact(e.description()), cause);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** A copy of {@code json} with secrets masked in every string and field name. */
    public JsonNode redact(JsonNode json) {
        if (values.isEmpty() || json == null) {
            return json;
        }
        if (json.isTextual()) {
            return Json.F.textNode(redact(json.textValue()));
        }
        if (json.isArray()) {
            var out = Json.array();
            json.forEach(e -> out.add(redact(e)));
            return out;
        }
        if (json.isObject()) {
            ObjectNode out = Json.object();
            json.properties().forEach(e -> out.set(redact(e.getKey()), redact(e.getValue())));
            return out;
        }
        return json;
    }
}
