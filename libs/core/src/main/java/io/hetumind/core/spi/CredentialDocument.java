package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.CredentialRef;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Credentials kept outside a studio: one JSON object mapping a credential's id or name to {@code {type, data}}
 * (optionally {@code name}), as the CLI's credentials file and the Lambda runner's secret hold them. A node's
 * {@link CredentialRef} is resolved the way the studio resolves it: by id first, then by name, always within the type
 * the node asks for. Every message names the document ({@code source}) and the entry, never a secret.
 */
public final class CredentialDocument {

    /** One credential. */
    public record Entry(String key, String name, String type, ObjectNode data) {}

    private final String source;
    private final List<Entry> entries;

    private CredentialDocument(String source, List<Entry> entries) {
        this.source = source;
        this.entries = entries;
    }

    /**
     * Reads {@code root} (null, missing or JSON null: no credentials); {@code source} says where it came from in
     * messages ("credentials file /x.json", "credentials secret arn:…").
     *
     * @throws IllegalArgumentException naming the source and the entry when the document is malformed
     */
    public static CredentialDocument parse(JsonNode root, String source) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new CredentialDocument(source, List.of());
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException(
                    source + " must be an object mapping a credential's id or name to {\"type\": …, \"data\": {…}}");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> seenNames = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String where = source + ": entry '" + key + "'";
            if (!v.isObject()) {
                throw new IllegalArgumentException(where + " must be an object {\"type\": …, \"data\": {…}}");
            }
            JsonNode type = v.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw new IllegalArgumentException(where + " has no 'type' (the credential type, e.g. httpHeaderAuth)");
            }
            JsonNode data = v.get("data");
            if (data == null || !data.isObject()) {
                throw new IllegalArgumentException(where + " has no 'data' object (the credential's fields)");
            }
            JsonNode name = v.get("name");
            if (name != null && !name.isTextual()) {
                throw new IllegalArgumentException(where + ": 'name' must be a string");
            }
            for (Iterator<String> f = v.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!Set.of("type", "data", "name").contains(field)) {
                    throw new IllegalArgumentException(
                            where + " has an unknown field '" + field + "' (type, data, name)");
                }
            }
            String label = name == null ? key : name.asText();
            String clash = seenNames.put(type.asText() + "\0" + label, key);
            if (clash != null) {
                throw new IllegalArgumentException(source + ": entries '" + clash + "' and '" + key
                        + "' are both a '" + type.asText() + "' credential named '" + label
                        + "'; a reference by name would be ambiguous");
            }
            entries.add(new Entry(key, label, type.asText(), (ObjectNode) data));
        }
        return new CredentialDocument(source, List.copyOf(entries));
    }

    public List<Entry> entries() {
        return entries;
    }

    /** The entry a node's reference means: by id (the key) first, then by name; always of {@code type}. */
    public Optional<Entry> find(CredentialRef ref, String type) {
        if (ref.id() != null && !ref.id().isBlank()) {
            for (Entry e : entries) {
                if (e.type().equals(type) && e.key().equals(ref.id())) {
                    return Optional.of(e);
                }
            }
        }
        if (ref.name() != null && !ref.name().isBlank()) {
            for (Entry e : entries) {
                if (e.type().equals(type)
                        && (e.name().equals(ref.name()) || e.key().equals(ref.name()))) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The data {@code ref} means, a copy; a reference the document lacks is a user error naming it, the type asked
     * for and any other type an entry of that id or name has.
     */
    public Optional<ObjectNode> resolve(CredentialRef ref, String type) {
        if (ref == null || type == null) {
            return Optional.empty();
        }
        Entry e = find(ref, type)
                .orElseThrow(() -> NodeException.user("the '" + type + "' credential " + describe(ref)
                        + " is not in the " + source + otherTypes(ref, type)));
        return Optional.of(e.data().deepCopy());
    }

    /** This document as a run's {@link CredentialResolver}. */
    public CredentialResolver asResolver() {
        return new CredentialResolver() {
            @Override
            public Optional<ObjectNode> resolve(CredentialRef ref, String type) {
                return CredentialDocument.this.resolve(ref, type);
            }

            @Override
            public String toString() {
                return source;
            }
        };
    }

    private String otherTypes(CredentialRef ref, String type) {
        List<String> others = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.type().equals(type)
                    && (e.key().equals(ref.id())
                            || e.key().equals(ref.name())
                            || e.name().equals(ref.name()))) {
                others.add(e.type());
            }
        }
        return others.isEmpty()
                ? " (add an entry keyed by its id or name with \"type\": \"" + type + "\")"
                : " (an entry of that id or name has type " + String.join(", ", others) + ", not " + type + ")";
    }

    /** {@code 'name' (id x)}, or whichever of the two the reference has. */
    public static String describe(CredentialRef ref) {
        boolean hasName = ref.name() != null && !ref.name().isBlank();
        boolean hasId = ref.id() != null && !ref.id().isBlank();
        if (hasName && hasId) {
            return "'" + ref.name() + "' (id " + ref.id() + ")";
        }
        return "'" + (hasName ? ref.name() : hasId ? ref.id() : "?") + "'";
    }
}
