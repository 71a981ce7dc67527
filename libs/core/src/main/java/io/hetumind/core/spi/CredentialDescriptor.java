package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything the designer and the engine know about a credential type: id, display name and
 * typed fields. Secret fields are what {@link #secretValues} extracts for redaction.
 */
public record CredentialDescriptor(
        String id, String displayName, String description, List<CredentialProperty> properties) {

    public CredentialDescriptor {
        properties = List.copyOf(properties);
        description = description == null ? "" : description;
    }

    public static CredentialDescriptor of(
            String id, String displayName, String description, CredentialProperty... props) {
        return new CredentialDescriptor(id, displayName, description, List.of(props));
    }

    /** The field with this name, or null. */
    public CredentialProperty property(String name) {
        for (CredentialProperty p : properties) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        return null;
    }

    /** The non-blank textual values of the secret fields of {@code data}, longest first. */
    public Set<String> secretValues(ObjectNode data) {
        Set<String> out = new TreeSet<>((a, b) -> a.length() != b.length() ? b.length() - a.length() : a.compareTo(b));
        if (data == null) {
            return out;
        }
        for (CredentialProperty p : properties) {
            JsonNode v = data.get(p.name());
            if (p.secret()
                    && v != null
                    && !v.isNull()
                    && !v.isContainerNode()
                    && !v.asText().isEmpty()) {
                out.add(v.asText());
            }
        }
        return out;
    }

    /** {@code data} with every secret field replaced by a mask: what may be shown or logged. */
    public ObjectNode masked(ObjectNode data) {
        ObjectNode copy = data == null ? Json.object() : data.deepCopy();
        for (CredentialProperty p : properties) {
            if (p.secret() && copy.has(p.name())) {
                copy.put(p.name(), "__masked__");
            }
        }
        return copy;
    }

    /** The descriptor as JSON for the designer; secret fields carry {@code "secret": true}. */
    public ObjectNode toJson() {
        ObjectNode o =
                Json.object().put("id", id).put("displayName", displayName).put("description", description);
        ArrayNode props = o.putArray("properties");
        for (CredentialProperty p : properties) {
            props.add(DescriptorJson.property(p.spec()).put("secret", p.secret()));
        }
        return o;
    }

    List<String> check() {
        List<String> problems = new ArrayList<>();
        String where = id == null ? "<no id>" : id;
        if (id == null || !id.matches("[a-zA-Z][\\w-]*")) {
            problems.add(where + ": credential type id must be a plain identifier");
        }
        if (displayName == null || displayName.isBlank()) {
            problems.add(where + ": displayName is required");
        }
        String type = "credential." + (id == null ? "x" : id);
        NodeDescriptor.Builder asNode =
                NodeDescriptor.builder(type).displayName("x").inputs().outputs();
        properties.forEach(p -> asNode.property(p.spec()));
        List<String> propertyProblems = DescriptorCheck.check(asNode.build());
        propertyProblems.forEach(p -> problems.add(p.replace(type, where)));
        return problems;
    }
}
