package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;

/** Shared engine and helpers; one engine per JVM, as in production. */
abstract class EngineTestSupport {

    static final RhinoExpressionEngine ENGINE = new RhinoExpressionEngine();

    static JsonNode eval(String template, ExpressionScope scope) {
        return ENGINE.evaluate(ENGINE.compile(template), scope);
    }

    static JsonNode eval(String template) {
        return eval(template, TestScope.withJson("{}"));
    }

    /** The result as compact JSON text, for one-line assertions. */
    static String json(String template, ExpressionScope scope) {
        return Json.write(eval(template, scope));
    }

    static String json(String template) {
        return json(template, TestScope.withJson("{}"));
    }

    /** Strings as they are, containers as JSON, other scalars as text. */
    static String text(String template, ExpressionScope scope) {
        JsonNode node = eval(template, scope);
        return node.isContainerNode() ? Json.write(node) : node.asText();
    }

    static String text(String template) {
        return text(template, TestScope.withJson("{}"));
    }
}
