package io.hetumind.core.expr;

import org.mozilla.javascript.EcmaError;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.JavaScriptException;
import org.mozilla.javascript.RhinoException;

/** Turns whatever an evaluation threw into an {@link ExpressionException} a user can read. */
final class Errors {

    private Errors() {}

    static ExpressionException translate(Throwable e, String template, ExpressionLimits limits) {
        String message =
                switch (e) {
                    case SandboxContext.BudgetExceeded budget -> budget.getMessage();
                    case EcmaError ecma -> "Error".equals(ecma.getName()) ? ecma.getErrorMessage() : ecma.details();
                    case JavaScriptException thrown -> thrown.details();
                    case EvaluatorException evaluator -> evaluator.details();
                    case RhinoException rhino -> rhino.details();
                    case StackOverflowError overflow ->
                        "Expression exceeded the maximum call depth of " + limits.maxStackDepth();
                    case OutOfMemoryError oom ->
                        // a single huge allocation failed; the heap is fine again once it is gone
                        "Expression exceeded the memory limit";
                    case RuntimeException other ->
                        "Expression failed: " + other.getClass().getSimpleName() + ": " + other.getMessage();
                    default -> throw (Error) e;
                };
        return new ExpressionException(message, template, e instanceof RuntimeException re ? re : null);
    }
}
