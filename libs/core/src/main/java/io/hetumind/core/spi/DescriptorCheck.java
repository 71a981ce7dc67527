package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks one node descriptor for mistakes that would break the designer or the validator. */
final class DescriptorCheck {

    private DescriptorCheck() {}

    static List<String> check(NodeDescriptor d) {
        List<String> problems = new ArrayList<>();
        String id = d.type() == null ? "<no type>" : d.type();
        if (d.type() == null || !d.type().matches("[a-zA-Z][\\w-]*(\\.[a-zA-Z][\\w-]*)+")) {
            problems.add(id + ": type id must look like 'group.name'");
        }
        if (d.versions().isEmpty() || d.versions().stream().anyMatch(v -> v <= 0)) {
            problems.add(id + ": versions must be positive and non-empty");
        }
        if (new HashSet<>(d.versions()).size() != d.versions().size()) {
            problems.add(id + ": duplicate version in " + d.versions());
        }
        if (d.displayName() == null || d.displayName().isBlank()) {
            problems.add(id + ": displayName is required");
        }
        if (d.trigger() && !d.inputs().isEmpty()) {
            problems.add(id + ": a trigger has no inputs");
        }
        checkProperties(id, "", d.properties(), problems);
        return problems;
    }

    private static void checkProperties(String id, String prefix, List<PropertySpec> props, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (PropertySpec p : props) {
            names.add(p.name());
        }
        Set<String> seen = new HashSet<>();
        for (PropertySpec p : props) {
            String where = id + ": property '" + prefix + p.name() + "'";
            if (p.name() == null || p.name().isBlank()) {
                problems.add(id + ": a property under '" + prefix + "' has no name");
                continue;
            }
            // n8n allows the same name twice when the copies are shown under different conditions.
            if (!seen.add(p.name() + "|" + p.showWhen() + "|" + p.hideWhen())) {
                problems.add(where + " is declared twice");
            }
            String typeProblem = defaultProblem(p);
            if (typeProblem != null) {
                problems.add(where + ": " + typeProblem);
            }
            for (String ref : p.showWhen().keySet()) {
                if (!names.contains(ref) && !ref.startsWith("/") && !ref.equals(PropertySpec.VERSION)) {
                    problems.add(where + ": showWhen names missing property '" + ref + "'");
                }
            }
            for (String ref : p.hideWhen().keySet()) {
                if (!names.contains(ref) && !ref.startsWith("/") && !ref.equals(PropertySpec.VERSION)) {
                    problems.add(where + ": hideWhen names missing property '" + ref + "'");
                }
            }
            if ((p.type() == PropertyType.OPTIONS || p.type() == PropertyType.MULTI_OPTIONS)
                    && p.options().isEmpty()) {
                problems.add(where + ": options property without options");
            }
            if (p.type() == PropertyType.COLLECTION || p.type() == PropertyType.FIXED_COLLECTION) {
                checkProperties(id, prefix + p.name() + ".", p.children(), problems);
            }
        }
    }

    private static String defaultProblem(PropertySpec p) {
        JsonNode def = p.defaultValue();
        if (def == null || def.isNull()) {
            return null;
        }
        boolean expression = def.isTextual() && def.textValue().startsWith("=");
        return switch (p.type()) {
            case STRING, CODE, DATE_TIME -> def.isTextual() ? null : "default must be a string";
            case NUMBER -> def.isNumber() || expression ? null : "default must be a number";
            case BOOLEAN -> def.isBoolean() || expression ? null : "default must be a boolean";
            case JSON -> def.isTextual() || def.isContainerNode() ? null : "default must be JSON text or a tree";
            case OPTIONS ->
                p.options().stream().anyMatch(o -> o.value().equals(def))
                        ? null
                        : "default " + def + " is not one of its options";
            case MULTI_OPTIONS -> def.isArray() ? null : "default must be an array";
            case COLLECTION, FIXED_COLLECTION -> def.isObject() ? null : "default must be an object";
            case CREDENTIAL -> def.isTextual() ? null : "default must be a string";
        };
    }
}
