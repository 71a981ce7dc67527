package io.hetumind.core.expr;

/**
 * A host service for nodes that run user code (Code, Function): the sandbox to run it in and,
 * per item, the very scope expressions of that node see. Nodes get it with
 * {@code ctx.service(CodeScopes.class)}; it is absent when the host has no JavaScript engine.
 */
public interface CodeScopes {

    CodeSandbox sandbox();

    /** The expression scope of item {@code itemIndex} of the running node. */
    ExpressionScope scope(int itemIndex);
}
