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
        if (d.type() != null && d.type().startsWith("credential.")) {
            return problems; // a credential's fields checked as properties: no ports or versions
        }
        checkVersions(id, d, d.properties(), problems);
        for (String path : PortRules.parameters(d.inputRule())) {
            requireDeclared(id, d, path, "input rule", problems);
        }
        for (String path : PortRules.parameters(d.outputRule())) {
            requireDeclared(id, d, path, "output rule", problems);
        }
        if (d.triggerSpec() != null && !d.trigger()) {
            problems.add(id + ": only a trigger has a triggerSpec");
        }
        if (d.triggerSpec() != null) {
            d.triggerSpec().parameters().values().forEach(p -> requireDeclared(id, d, p, "triggerSpec", problems));
        }
        for (CredentialSlot c : d.credentials()) {
            c.showWhen().keySet().forEach(k -> requireDeclared(id, d, k, "credential " + c.credentialType(), problems));
        }
        for (SubPort p : d.subInputs()) {
            if (!io.hetumind.core.model.ConnectionTypes.isSub(p.type())) {
                problems.add(id + ": sub-node input '" + p.displayName() + "' has unknown connection type '" + p.type()
                        + "'");
            }
            p.showWhen().keySet().forEach(k -> requireDeclared(id, d, k, "sub-node input " + p.type(), problems));
        }
        for (String s : d.supplies()) {
            if (!io.hetumind.core.model.ConnectionTypes.isSub(s)) {
                problems.add(id + ": supplies unknown connection type '" + s + "'");
            }
        }
        if (d.trigger() && !d.supplies().isEmpty()) {
            problems.add(id + ": a trigger cannot be a sub-node");
        }
        return problems;
    }

    /** Checks between a descriptor and its node type: trigger kind, option loaders. */
    static List<String> checkType(NodeType t) {
        List<String> problems = new ArrayList<>();
        NodeDescriptor d = t.descriptor();
        if (t instanceof io.hetumind.core.spi.trigger.TriggerSource source
                && (d.triggerSpec() == null || d.triggerSpec().kind() != source.triggerKind())) {
            problems.add(d.type() + ": triggerSpec kind must be " + source.triggerKind());
        }
        checkLoaders(d.type(), t.optionLoaders().keySet(), d.properties(), problems);
        return problems;
    }

    private static void checkLoaders(String id, Set<String> loaders, List<PropertySpec> props, List<String> problems) {
        for (PropertySpec p : props) {
            JsonNode name = p.typeOption(TypeOptions.LOAD_OPTIONS);
            if (name != null && !loaders.contains(name.asText())) {
                problems.add(id + ": property '" + p.name() + "' loads options from unknown loader " + name);
            }
            checkLoaders(id, loaders, p.children(), problems);
        }
    }

    private static void requireDeclared(String id, NodeDescriptor d, String path, String what, List<String> problems) {
        if (path.equals(PropertySpec.VERSION)) {
            return;
        }
        String plain = path.replace(".*", "");
        for (double v : d.versions()) {
            if (d.propertyAt(plain, v) != null) {
                return;
            }
        }
        problems.add(id + ": " + what + " names undeclared parameter '" + path + "'");
    }

    /** {@code @version} rules name only versions the node has. */
    private static void checkVersions(String id, NodeDescriptor d, List<PropertySpec> props, List<String> problems) {
        for (PropertySpec p : props) {
            for (var rules : List.of(p.showWhen(), p.hideWhen())) {
                List<JsonNode> versions = rules.get(PropertySpec.VERSION);
                if (versions == null) {
                    continue;
                }
                for (JsonNode v : versions) {
                    if (!v.isNumber() || !d.supports(v.doubleValue())) {
                        problems.add(id + ": property '" + p.name() + "' names version " + v + " the node lacks");
                    }
                }
            }
            checkVersions(id, d, p.children(), problems);
        }
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
                    && p.options().isEmpty()
                    && p.typeOption(TypeOptions.LOAD_OPTIONS) == null) {
                problems.add(where + ": options property without options");
            }
            if (p.type() == PropertyType.COLLECTION
                    || p.type() == PropertyType.FIXED_COLLECTION
                    || p.type() == PropertyType.FILTER) {
                if (p.children().isEmpty()) {
                    problems.add(where + ": a " + p.type().wire() + " must declare its children");
                }
                if (p.type() == PropertyType.FIXED_COLLECTION) {
                    p.children().stream()
                            .filter(c -> c.type() != PropertyType.COLLECTION)
                            .forEach(c -> problems.add(
                                    where + ": group '" + c.name() + "' of a fixedCollection must be a collection"));
                }
                checkProperties(id, prefix + p.name() + ".", p.children(), problems);
            } else if (!p.children().isEmpty()) {
                problems.add(where + ": only collections have children");
            }
            if (p.multipleValues() && p.type() == PropertyType.OPTIONS) {
                problems.add(where + ": a repeated options property is a multiOptions");
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
                p.typeOption(TypeOptions.LOAD_OPTIONS) != null
                                || p.options().stream().anyMatch(o -> o.value().equals(def))
                        ? null
                        : "default " + def + " is not one of its options";
            case MULTI_OPTIONS -> def.isArray() ? null : "default must be an array";
            case COLLECTION, FIXED_COLLECTION, FILTER -> def.isObject() ? null : "default must be an object";
            case CREDENTIAL -> def.isTextual() ? null : "default must be a string";
            case RESOURCE_LOCATOR -> def.isTextual() || def.isObject() ? null : "default must be text or a locator";
        };
    }
}
