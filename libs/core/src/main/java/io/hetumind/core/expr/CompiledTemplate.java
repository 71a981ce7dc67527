package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.mozilla.javascript.Script;

/** A parsed template with each expression compiled once; immutable and shareable. */
final class CompiledTemplate implements Template {

    /** Literal text ({@code script == null}) or one compiled {@code {{ }}} expression. */
    record Part(String text, String code, Script script, PropertyPath fastPath) {

        static Part literal(String text) {
            return new Part(text, null, null, null);
        }

        boolean isLiteral() {
            return code == null;
        }
    }

    private final String source;
    private final List<Part> parts;
    private final boolean single;
    private final JsonNode constant;

    CompiledTemplate(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
        long expressions = parts.stream().filter(p -> !p.isLiteral()).count();
        boolean onlyBlankText =
                parts.stream().allMatch(p -> !p.isLiteral() || p.text().isBlank());
        this.single = expressions == 1 && onlyBlankText;
        this.constant = expressions == 0 ? TextNode.valueOf(source) : null;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public boolean isConstant() {
        return constant != null;
    }

    /** The value of a template without expressions. */
    JsonNode constant() {
        return constant;
    }

    /** True when the template is one expression, so its value keeps its JSON type. */
    boolean isSingle() {
        return single;
    }

    List<Part> parts() {
        return parts;
    }

    @Override
    public String toString() {
        return "Template[" + source + "]";
    }
}
