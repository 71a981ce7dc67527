package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.hetumind.core.expr.CompiledTemplate.Part;
import java.util.ArrayList;
import java.util.List;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Script;

/**
 * The expression engine: n8n templates compiled to Rhino scripts, cached, and run in a
 * sealed, budgeted sandbox. One instance per process; thread-safe.
 */
public final class RhinoExpressionEngine implements ExpressionEngine {

    /** Templates kept compiled; a workflow rarely has more than a few hundred. */
    private static final int CACHE_SIZE = 10_000;

    private final Sandbox sandbox;
    private final ValueConverter converter;
    private final TemplateCache cache = new TemplateCache(CACHE_SIZE);
    private final boolean fastPaths;
    private volatile CodeSandbox codeSandbox;

    public RhinoExpressionEngine() {
        this(ExpressionLimits.defaults());
    }

    public RhinoExpressionEngine(ExpressionLimits limits) {
        this(limits, true);
    }

    /** {@code fastPaths=false} forces every expression through Rhino; tests compare both. */
    RhinoExpressionEngine(ExpressionLimits limits, boolean fastPaths) {
        this.sandbox = new Sandbox(limits);
        this.converter = new ValueConverter(limits.maxStringLength());
        this.fastPaths = fastPaths;
    }

    @Override
    public Template compile(String template) {
        if (template == null) {
            throw new ExpressionException("Template is null", null);
        }
        return cache.get(template, this::compileNow);
    }

    private CompiledTemplate compileNow(String template) {
        List<Part> parts = new ArrayList<>();
        for (TemplateParser.Segment segment : TemplateParser.parse(template)) {
            switch (segment) {
                case TemplateParser.Text text -> parts.add(Part.literal(text.text()));
                case TemplateParser.Code code -> parts.add(compileCode(code.code()));
            }
        }
        return new CompiledTemplate(template, parts);
    }

    private Part compileCode(String code) {
        PropertyPath fast = fastPaths ? PropertyPath.parse(code) : null;
        if (code.isBlank()) {
            return new Part(null, code, null, null);
        }
        // As an expression first, so "{{ {a: 1} }}" is an object literal and not a block; then
        // as statements, for "{{ let x = 1; x + 1 }}". The newlines keep a trailing "//" comment
        // from swallowing the closing parenthesis.
        Script script;
        try {
            script = sandbox.compile("(\n" + code + "\n)", "expression");
        } catch (EvaluatorException asExpression) {
            try {
                script = sandbox.compile(code, "expression");
            } catch (EvaluatorException asStatements) {
                throw new ExpressionException(
                        "Invalid expression syntax: " + asStatements.details() + " in {{" + code + "}}",
                        "{{" + code + "}}");
            }
        }
        return new Part(null, code, script, fast);
    }

    /** Runs user code (Code node) in this engine's sandbox, with the same globals and variables. */
    public CodeSandbox sandboxForCode() {
        CodeSandbox s = codeSandbox;
        if (s == null) {
            synchronized (this) {
                if (codeSandbox == null) {
                    codeSandbox = new CodeSandbox(sandbox);
                }
                s = codeSandbox;
            }
        }
        return s;
    }

    @Override
    public JsonNode evaluate(Template template, ExpressionScope scope) {
        CompiledTemplate compiled =
                template instanceof CompiledTemplate c ? c : (CompiledTemplate) compile(template.source());
        if (compiled.isConstant()) {
            return compiled.constant();
        }
        try (var evaluation = new Evaluation(sandbox, scope)) {
            if (compiled.isSingle()) {
                for (Part part : compiled.parts()) {
                    if (!part.isLiteral()) {
                        return value(part, evaluation);
                    }
                }
            }
            var text = new StringBuilder();
            for (Part part : compiled.parts()) {
                text.append(part.isLiteral() ? part.text() : converter.render(value(part, evaluation)));
                converter.checkLength(text);
            }
            return TextNode.valueOf(text.toString());
        } catch (ExpressionException e) {
            throw e.expression() == null ? new ExpressionException(e.getMessage(), compiled.source(), e) : e;
        } catch (Throwable e) {
            if (e.getCause() instanceof PairedItemException paired) {
                if (paired.kind() == PairedItemException.Kind.TYPE_ERROR) {
                    // n8n's expression evaluator answers null for a TypeError: the reference has no value
                    return com.fasterxml.jackson.databind.node.NullNode.getInstance();
                }
                throw paired;
            }
            throw Errors.translate(e, compiled.source(), sandbox.limits());
        }
    }

    private JsonNode value(Part part, Evaluation evaluation) {
        if (part.fastPath() != null) {
            JsonNode fast = part.fastPath().evaluate(evaluation.scope().item().json());
            if (fast != PropertyPath.DECLINED) {
                return fast;
            }
        }
        if (part.script() == null) {
            return com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        Object result = evaluation.run(part.script());
        return result instanceof org.mozilla.javascript.Undefined
                ? MissingNode.getInstance()
                : converter.toJson(result);
    }

    @Override
    public java.util.Optional<CodeSandbox> codeSandbox() {
        return java.util.Optional.of(sandboxForCode());
    }
}
