package io.hetumind.core.expr;

import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.RhinoException;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/** Turns what user code threw into a readable message with n8n's {@code [line N]} suffix. */
final class CodeErrors {

    private CodeErrors() {}

    static ExpressionException translate(Throwable e, ExpressionLimits limits) {
        if (e instanceof EcmaError ecma && ecma.getCause() instanceof PairedItemException) {
            // thrown by n8n's data proxy, not at a line of the user's code: n8n shows the bare message
            return new ExpressionException(ecma.getErrorMessage(), null, ecma);
        }
        String message =
                switch (e) {
                    case ExpressionException expr -> expr.getMessage();
                    case SandboxContext.BudgetExceeded budget -> budget.getMessage();
                    case JavaScriptException thrown -> thrownMessage(thrown) + line(thrown.lineNumber());
                    case EcmaError ecma -> ecma.getName() + ": " + ecma.getErrorMessage() + line(ecma.lineNumber());
                    case EvaluatorException evaluator -> evaluator.details() + line(evaluator.lineNumber());
                    case RhinoException rhino -> rhino.details();
                    case StackOverflowError overflow ->
                        "Code exceeded the maximum call depth of " + limits.maxStackDepth();
                    case OutOfMemoryError oom -> "Code exceeded the memory limit";
                    case RuntimeException other ->
                        "Code failed: " + other.getClass().getSimpleName() + ": " + other.getMessage();
                    default -> throw (Error) e;
                };
        return new ExpressionException(message, null, e instanceof RuntimeException re ? re : null);
    }

    /** {@code throw new Error('x')} reads as "x"; a thrown string or number as itself. */
    private static String thrownMessage(JavaScriptException thrown) {
        Object value = thrown.getValue();
        if (value instanceof Scriptable object) {
            Object message = ScriptableObject.getProperty(object, "message");
            if (message instanceof CharSequence text) {
                return text.toString();
            }
        }
        return thrown.details();
    }

    /** The wrapper function adds one line before the user's first line. */
    static String line(int wrappedLine) {
        return wrappedLine > 1 ? " [line " + (wrappedLine - 1) + "]" : "";
    }
}
