package io.hetumind.core.expr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Script;

/**
 * The public entry point for running user JavaScript (Code, Function nodes) in the expression
 * sandbox: same sealed globals, same variables, same class shutter, with code-sized budgets.
 * Obtain it from {@link ExpressionEngine#codeSandbox()}, or in a node from {@link CodeScopes}.
 */
public final class CodeSandbox {

    private static final int CACHE_SIZE = 1000;

    private final Sandbox sandbox;
    private final Map<String, UserCode> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UserCode> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    CodeSandbox(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    /**
     * Compiles {@code source} as the body of a function (so it may {@code return}); syntax
     * errors throw with n8n's {@code [line N]} suffix.
     */
    public UserCode compile(String source) {
        synchronized (cache) {
            UserCode cached = cache.get(source);
            if (cached != null) {
                return cached;
            }
        }
        UserCode code;
        try {
            Script script = sandbox.compile("(function () {\n" + CodeLowering.lower(source) + "\n})", "code");
            code = new UserCode(source, script);
        } catch (EvaluatorException e) {
            throw new ExpressionException("SyntaxError: " + e.details() + CodeErrors.line(e.lineNumber()), null);
        }
        synchronized (cache) {
            cache.put(source, code);
        }
        return code;
    }

    /** Starts the runs of one node execution; close it on the same thread when done. */
    public CodeSession open(CodeOptions options) {
        return new CodeSession(sandbox, options);
    }
}
