package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Compiles and evaluates n8n-style templates. A template is the text after the leading
 * {@code =}: literal text with {@code {{ expression }}} segments. A template that is exactly
 * one segment yields the expression's value with its JSON type; otherwise the segments are
 * rendered to text and concatenated. Implementations are thread-safe and sandboxed.
 */
public interface ExpressionEngine {

    /** Compiles (or fetches from the cache) a template; syntax errors throw. */
    Template compile(String template) throws ExpressionException;

    /** Evaluates a compiled template in a scope; runtime errors and limits throw. */
    JsonNode evaluate(Template template, ExpressionScope scope) throws ExpressionException;

    /** The sandbox user code (Code node) runs in, when this engine has one. */
    default java.util.Optional<CodeSandbox> codeSandbox() {
        return java.util.Optional.empty();
    }

    /** True when {@code value} is a string template (starts with {@code =}). */
    static boolean isTemplate(JsonNode value) {
        return value != null && value.isTextual() && value.textValue().startsWith("=");
    }
}
