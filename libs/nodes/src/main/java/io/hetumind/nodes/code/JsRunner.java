package io.hetumind.nodes.code;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.expr.CodeBinding;
import io.hetumind.core.expr.CodeBudget;
import io.hetumind.core.expr.CodeOptions;
import io.hetumind.core.expr.CodeSandbox;
import io.hetumind.core.expr.CodeScopes;
import io.hetumind.core.expr.CodeSession;
import io.hetumind.core.expr.ExpressionException;
import io.hetumind.core.expr.ExpressionLimits;
import io.hetumind.core.expr.ExpressionScope;
import io.hetumind.core.expr.UserCode;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodePolicy;
import io.hetumind.core.spi.NodeResources;
import java.time.Duration;
import java.util.Set;

/**
 * Runs one node's user JavaScript: finds the expression sandbox and the per-item scopes the
 * engine gives expressions, compiles once, and turns script failures into node errors.
 */
public final class JsRunner {

    static final double DEFAULT_TIMEOUT_SECONDS = 60;

    private final NodeContext ctx;
    private final UserCode code;
    private final CodeSession session;

    private JsRunner(NodeContext ctx, UserCode code, CodeSession session) {
        this.ctx = ctx;
        this.code = code;
        this.session = session;
    }

    /**
     * Compiles the code in parameter {@code codeParam}; {@code timeout} bounds each run. {@code defaultWhenLeftOut}: a
     * parameter left out means its declared default code (the legacy Function nodes, whose n8n default is working
     * code that n8n exports leave out), else that there is no code (the Code node, whose n8n default is empty).
     */
    static JsRunner open(NodeContext ctx, String codeParam, Duration timeout, boolean defaultWhenLeftOut) {
        JsonNode raw = ctx.rawParam(codeParam);
        if (raw == null && defaultWhenLeftOut) {
            raw = ctx.paramTree(codeParam, 0);
        }
        String source = raw == null || raw.isNull() ? null : raw.asText();
        if (source == null || source.isBlank()) {
            throw NodeException.user("parameter '" + codeParam + "' is empty: there is no code to run");
        }
        if (source.startsWith("=")) {
            source = ctx.param(codeParam, 0, String.class, "");
        }
        return compile(ctx, source, codeParam, timeout);
    }

    /** Compiles {@code source} (built by a node around the code in {@code codeParam}). */
    public static JsRunner compile(NodeContext ctx, String source, String codeParam, Duration timeout) {
        // Each code node checks first with its own name; this catches any other caller.
        NodePolicy.require(ctx, NodePolicy.Capability.CODE, "Code");
        CodeSandbox sandbox = scopes(ctx).sandbox();
        UserCode code;
        try {
            code = sandbox.compile(source);
        } catch (ExpressionException e) {
            throw new NodeException(ErrorKind.USER, e.getMessage(), -1, "in parameter '" + codeParam + "'", e);
        }
        CodeBudget budget = ctx.service(CodeBudget.class).orElseGet(CodeBudget::defaults);
        int items = 0;
        for (int i = 0; i < ctx.inputCount(); i++) {
            items += ctx.input(i).size();
        }
        var options = new CodeOptions(ExpressionLimits.forCode(timeout, budget, items), ctx::log, ctx::canceled);
        return new JsRunner(ctx, code, sandbox.open(options));
    }

    /** The per-run time limit from parameter {@code timeout} (seconds), default 60 s. */
    static Duration timeout(NodeParameters ctx) {
        Double seconds = ctx.param("timeout", 0, Double.class, DEFAULT_TIMEOUT_SECONDS);
        if (seconds.isNaN() || seconds <= 0 || seconds > 3600) {
            throw NodeException.user("parameter 'timeout': must be between 0 and 3600 seconds, got " + seconds, -1);
        }
        return Duration.ofMillis((long) (seconds * 1000));
    }

    /** Runs the code once in the scope of item {@code itemIndex} (0 for a run over all items). */
    public JsonNode run(int itemIndex, Set<CodeBinding> bindings) {
        ExpressionScope scope = scopes(ctx).scope(itemIndex);
        try {
            return session.run(code, scope, bindings).value();
        } catch (ExpressionException e) {
            throw new NodeException(ErrorKind.USER, e.getMessage(), itemIndex, null, e);
        }
    }

    /** The host's sandbox and per-item scopes; absent when the host has no JavaScript engine. */
    private static CodeScopes scopes(NodeResources ctx) {
        return ctx.service(CodeScopes.class)
                .orElseThrow(() -> NodeException.user(
                        "JavaScript code needs the sandboxed Rhino expression engine, which this host does not use"));
    }
}
