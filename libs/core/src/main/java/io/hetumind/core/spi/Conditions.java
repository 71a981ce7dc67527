package io.hetumind.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Evaluates show/hide rules and port conditions: a map of key → accepted values. A property is
 * shown when every {@code showWhen} entry matches and no {@code hideWhen} entry does. An entry
 * matches when the value looked up for its key equals one of its values (numbers compare by
 * value, so {@code 3} matches {@code 3.0}). What a key means is the caller's lookup: a sibling
 * name, a {@code /}-rooted path, or {@link PropertySpec#VERSION}.
 */
public final class Conditions {

    private Conditions() {}

    /** True when every entry of {@code rules} matches. */
    public static boolean all(Map<String, List<JsonNode>> rules, Function<String, JsonNode> lookup) {
        for (Map.Entry<String, List<JsonNode>> e : rules.entrySet()) {
            if (!matches(e.getValue(), lookup.apply(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** True when some entry of {@code rules} matches. */
    public static boolean any(Map<String, List<JsonNode>> rules, Function<String, JsonNode> lookup) {
        for (Map.Entry<String, List<JsonNode>> e : rules.entrySet()) {
            if (matches(e.getValue(), lookup.apply(e.getKey()))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code p} is shown, given how its rule keys resolve. */
    public static boolean shown(PropertySpec p, Function<String, JsonNode> lookup) {
        return all(p.showWhen(), lookup) && !any(p.hideWhen(), lookup);
    }

    /** Whether {@code p} exists at all in {@code version} (its {@code @version} rules only). */
    public static boolean inVersion(PropertySpec p, double version) {
        JsonNode v = Json.F.numberNode(version);
        List<JsonNode> show = p.showWhen().get(PropertySpec.VERSION);
        List<JsonNode> hide = p.hideWhen().get(PropertySpec.VERSION);
        return (show == null || matches(show, v)) && (hide == null || !matches(hide, v));
    }

    static boolean matches(List<JsonNode> accepted, JsonNode actual) {
        if (actual == null || actual.isMissingNode()) {
            return false;
        }
        for (JsonNode a : accepted) {
            if (equal(a, actual)) {
                return true;
            }
        }
        return false;
    }

    static boolean equal(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        return a.equals(b);
    }
}
