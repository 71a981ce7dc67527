package io.hetumind.core.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.model.Node;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.PropertyType;
import java.util.List;
import java.util.Map;

/** Checks a node's raw parameters against its descriptor's property specs. */
final class ParameterCheck {

    private ParameterCheck() {}

    static void check(
            Node node, String nodePath, List<PropertySpec> specs, JsonNode values, String prefix, List<Problem> out) {
        for (PropertySpec spec : specs) {
            if (!shown(spec, values, node.typeVersion())) {
                continue;
            }
            JsonNode v = values == null ? null : values.get(spec.name());
            String path = nodePath + ".parameters." + prefix + spec.name();
            if (v == null || v.isNull() || (v.isTextual() && v.textValue().isEmpty())) {
                if (spec.required() && (spec.defaultValue().isNull() || isEmptyText(spec.defaultValue()))) {
                    out.add(Problem.error(
                            "missing-parameter",
                            node.name(),
                            path,
                            "required parameter '" + spec.displayName() + "' is missing"));
                }
                continue;
            }
            if (ExpressionEngine.isTemplate(v)) {
                continue; // its type is known only when it runs
            }
            String problem = typeProblem(spec, v);
            if (problem != null) {
                out.add(Problem.error("bad-parameter", node.name(), path, problem));
            } else if (spec.type() == PropertyType.COLLECTION && v.isObject()) {
                check(node, nodePath, spec.children(), v, prefix + spec.name() + ".", out);
            }
        }
    }

    private static boolean isEmptyText(JsonNode v) {
        return v.isTextual() && v.textValue().isEmpty();
    }

    /** n8n semantics: every showWhen entry must match, no hideWhen entry may match. */
    public static boolean shown(PropertySpec spec, JsonNode values, double typeVersion) {
        JsonNode version = io.hetumind.core.spi.Json.F.numberNode(typeVersion);
        for (Map.Entry<String, List<JsonNode>> e : spec.showWhen().entrySet()) {
            JsonNode actual =
                    PropertySpec.VERSION.equals(e.getKey()) ? version : values == null ? null : values.get(e.getKey());
            if (actual == null || !matchesAny(actual, e.getValue())) {
                return false;
            }
        }
        for (Map.Entry<String, List<JsonNode>> e : spec.hideWhen().entrySet()) {
            JsonNode actual =
                    PropertySpec.VERSION.equals(e.getKey()) ? version : values == null ? null : values.get(e.getKey());
            if (actual != null && matchesAny(actual, e.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesAny(JsonNode actual, List<JsonNode> allowed) {
        for (JsonNode a : allowed) {
            if (a.equals(actual) || (a.isNumber() && actual.isNumber() && a.asDouble() == actual.asDouble())) {
                return true;
            }
        }
        return false;
    }

    private static String typeProblem(PropertySpec spec, JsonNode v) {
        return switch (spec.type()) {
            case NUMBER -> v.isNumber() ? null : "'" + spec.displayName() + "' must be a number, got " + v;
            case BOOLEAN -> v.isBoolean() ? null : "'" + spec.displayName() + "' must be true or false, got " + v;
            // choices from an option loader are known only at design time: any single value may be one
            case OPTIONS ->
                spec.typeOption(io.hetumind.core.spi.TypeOptions.LOAD_OPTIONS) != null && v.isValueNode()
                                || spec.options().stream()
                                        .anyMatch(o -> o.value().equals(v))
                        ? null
                        : "'" + spec.displayName() + "' must be one of "
                                + spec.options().stream()
                                        .map(o -> o.value().toString())
                                        .toList() + ", got " + v;
            case MULTI_OPTIONS -> v.isArray() ? null : "'" + spec.displayName() + "' must be a list, got " + v;
            case COLLECTION, FIXED_COLLECTION, FILTER ->
                v.isObject() ? null : "'" + spec.displayName() + "' must be an object, got " + v;
            case STRING, CODE, DATE_TIME, CREDENTIAL ->
                v.isValueNode() ? null : "'" + spec.displayName() + "' must be text, got " + v.getNodeType();
            case JSON -> null;
            case RESOURCE_LOCATOR ->
                v.isValueNode() || v.isObject()
                        ? null
                        : "'" + spec.displayName() + "' must be text or {__rl, mode, value}, got " + v.getNodeType();
        };
    }
}
