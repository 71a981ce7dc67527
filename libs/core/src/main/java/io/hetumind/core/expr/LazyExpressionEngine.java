package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Defers creating the real engine until the first template is compiled, so workflows without
 * expressions (and short CLI runs) never pay for starting a JavaScript runtime.
 */
public final class LazyExpressionEngine implements ExpressionEngine {

    private final Supplier<ExpressionEngine> factory;
    private volatile ExpressionEngine delegate;

    public LazyExpressionEngine(Supplier<ExpressionEngine> factory) {
        this.factory = factory;
    }

    /** The first {@link ExpressionEngine} found by {@link ServiceLoader}, created on first use. */
    public static ExpressionEngine fromServiceLoader() {
        return new LazyExpressionEngine(() -> ServiceLoader.load(ExpressionEngine.class)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no expression engine on the class path")));
    }

    private ExpressionEngine delegate() {
        ExpressionEngine d = delegate;
        if (d == null) {
            synchronized (this) {
                d = delegate;
                if (d == null) {
                    d = factory.get();
                    delegate = d;
                }
            }
        }
        return d;
    }

    @Override
    public Template compile(String template) {
        return delegate().compile(template);
    }

    @Override
    public JsonNode evaluate(Template template, ExpressionScope scope) {
        return delegate().evaluate(template, scope);
    }

    @Override
    public java.util.Optional<CodeSandbox> codeSandbox() {
        return delegate().codeSandbox();
    }
}
