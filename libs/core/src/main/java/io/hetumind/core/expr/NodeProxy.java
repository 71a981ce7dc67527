package io.hetumind.core.expr;

import io.hetumind.core.expr.ExpressionScope.NodeOutputView;
import io.hetumind.core.model.Item;
import java.util.List;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Undefined;
import org.mozilla.javascript.UniqueTag;

/**
 * {@code $('Node')}: another node's output as n8n exposes it ({@code item}, {@code first()},
 * {@code last()}, {@code all()}, {@code itemMatching(i)}, {@code params}, {@code context}, {@code isExecuted}).
 * The methods live on a shared prototype built by {@link Natives}.
 */
final class NodeProxy extends ScriptableObject {

    final EvalState state;
    final String name;
    final NodeOutputView view;

    NodeProxy(EvalState state, String name, NodeOutputView view) {
        this.state = state;
        this.name = name;
        this.view = view;
        setPrototype(state.sandbox.natives().nodeProxyPrototype());
        setParentScope(state.sandbox.global());
    }

    /** {@code $('Name')}: fails like n8n when the workflow has no such node. */
    static NodeProxy lookup(EvalState state, String name) {
        if (name == null) {
            throw EvalState.error("$() needs a node name, e.g. $('HTTP Request')");
        }
        NodeOutputView view = state.scope
                .node(name)
                .orElseThrow(() -> EvalState.error("Referenced node doesn't exist: '" + name + "'"));
        return new NodeProxy(state, name, view);
    }

    @Override
    public String getClassName() {
        return "Object";
    }

    @Override
    public Object get(String property, Scriptable start) {
        return switch (property) {
            case "item" -> state.itemObject(paired(state.scope.itemIndex(), "item"));
            case "params" -> state.view(view.parameters());
            // n8n's $('Node').context is the node's context ({} for a node that keeps none), as $node["Node"].context
            case "context" -> view.context() == null ? state.sandbox.newObject() : state.view(view.context());
            case "isExecuted" -> view.lastRunIndex() >= 0;
            case "runIndex" -> (double) view.lastRunIndex();
            default -> super.get(property, start);
        };
    }

    /**
     * n8n's paired-item accessors ({@code item}, {@code itemMatching}, {@code pairedItem}): the node must be a parent
     * of the evaluated one and have run, and input item {@code itemIndex} must exist; then its pairings are followed.
     */
    Item paired(int itemIndex, String method) {
        if (!view.isParent()) {
            throw state.pairingError(new PairedItemException(
                    PairedItemException.Kind.EXPRESSION_ERROR,
                    "Invalid expression",
                    null,
                    "No path back to referenced node: '" + name + "' is not a parent of '" + state.scope.nodeName()
                            + "'"));
        }
        requireExecuted();
        if (itemIndex < 0 || itemIndex >= state.scope.input(0).size()) {
            String between = "Some intermediate nodes between '" + name + "' and '" + state.scope.nodeName()
                    + "' have not executed yet.";
            throw state.pairingError(new PairedItemException(
                    PairedItemException.Kind.EXPRESSION_ERROR,
                    "Can’t get data for expression",
                    "Can’t get data",
                    between));
        }
        try {
            return view.pairedItem(itemIndex, method);
        } catch (PairedItemException e) {
            throw state.pairingError(e);
        }
    }

    /**
     * {@code $node["X"].json}: X's item at the evaluated item's index (n8n's nodeDataGetter does not pair), from the
     * latest run's output that leads to the evaluated node.
     */
    ScriptableObject atItemIndex() {
        if (!view.isParent()) {
            throw EvalState.error("connect \"" + state.scope.nodeName() + "\" to \"" + name + "\"");
        }
        List<Item> items = items(view.connectedOutput(), -1);
        if (items.isEmpty()) {
            throw EvalState.error("Node '" + name + "' hasn't been executed");
        }
        int index = Math.max(0, state.scope.itemIndex());
        if (items.size() <= index) {
            throw state.pairingError(PairedItemException.error(
                    "\"" + name + "\" node has " + items.size() + " item(s) but you're trying to access item " + index,
                    "Adjust your expression to access an existing item index (0-" + (items.size() - 1) + ")"));
        }
        return state.itemObject(items.get(index));
    }

    void requireExecuted() {
        if (view.lastRunIndex() < 0) {
            throw state.pairingError(PairedItemException.error(
                    "Node '" + name + "' hasn't been executed",
                    "An expression references this node, but the node is unexecuted"));
        }
    }

    /** Items of an output; run -1 means the latest run. */
    List<Item> items(int output, int run) {
        requireExecuted();
        if (run > view.lastRunIndex()) {
            // n8n refuses a run the node has not had (loops rely on it to stop collecting results)
            throw EvalState.error("Run " + run + " of node \"" + name + "\" not found");
        }
        return view.items(output, run < 0 ? view.lastRunIndex() : run);
    }

    /** {@code $input}: the evaluated node's own input. */
    static final class Input extends ScriptableObject {
        final EvalState state;

        Input(EvalState state) {
            this.state = state;
            setPrototype(state.sandbox.natives().inputPrototype());
            setParentScope(state.sandbox.global());
        }

        @Override
        public String getClassName() {
            return "Object";
        }

        @Override
        public Object get(String property, Scriptable start) {
            return switch (property) {
                case "item" -> state.currentItem();
                case "params" -> state.view(state.scope.parameters());
                default -> super.get(property, start);
            };
        }
    }

    /** {@code $node["Name"]}: the legacy accessor with {@code json}, {@code binary}, {@code parameter}. */
    static final class Accessor extends ScriptableObject {
        private static final java.util.Set<String> OBJECT_MEMBERS =
                java.util.Set.of("toJSON", "toString", "valueOf", "constructor", "hasOwnProperty", "toLocaleString");

        final EvalState state;

        Accessor(EvalState state) {
            this.state = state;
            setPrototype(state.sandbox.objectPrototype());
            setParentScope(state.sandbox.global());
        }

        @Override
        public String getClassName() {
            return "Object";
        }

        @Override
        public Object get(String property, Scriptable start) {
            Object own = super.get(property, start);
            if (own != NOT_FOUND) {
                return own;
            }
            NodeOutputView view = state.scope.node(property).orElse(null);
            if (view == null) {
                if (OBJECT_MEMBERS.contains(property)) {
                    return NOT_FOUND;
                }
                throw EvalState.error("Referenced node doesn't exist: '" + property + "'");
            }
            NodeProxy proxy = new NodeProxy(state, property, view);
            ScriptableObject legacy = state.sandbox.newObject();
            legacy.defineProperty("name", property, READONLY);
            legacy.defineProperty("runIndex", (double) view.lastRunIndex(), READONLY);
            var atIndex = new EvalState.Lazy(() -> proxy.atItemIndex());
            var json = new EvalState.Lazy(() -> property(atIndex.get(), "json"));
            legacy.defineProperty("json", json, json, EMPTY);
            legacy.defineProperty("data", json, json, EMPTY);
            var binary = new EvalState.Lazy(() -> {
                Object b = property(atIndex.get(), "binary");
                // n8n answers {} for an item without binary data
                return b == null || b == UniqueTag.NOT_FOUND || b instanceof Undefined ? state.sandbox.newObject() : b;
            });
            legacy.defineProperty("binary", binary, binary, EMPTY);
            var parameter = new EvalState.Lazy(() -> state.view(view.parameters()));
            legacy.defineProperty("parameter", parameter, parameter, EMPTY);
            var context = new EvalState.Lazy(() -> state.view(view.context()));
            legacy.defineProperty("context", context, context, EMPTY);
            super.put(property, this, legacy);
            return legacy;
        }

        @Override
        public boolean has(String property, Scriptable start) {
            return super.has(property, start) || state.scope.node(property).isPresent();
        }

        private static Object property(Object item, String name) {
            return item instanceof Scriptable s ? ScriptableObject.getProperty(s, name) : null;
        }
    }
}
