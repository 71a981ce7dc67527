package io.hetumind.core.expr;

import io.hetumind.core.expr.ExpressionScope.NodeOutputView;
import io.hetumind.core.model.Item;
import java.util.List;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * {@code $('Node')}: another node's output as n8n exposes it ({@code item}, {@code first()},
 * {@code last()}, {@code all()}, {@code itemMatching(i)}, {@code params}, {@code isExecuted}).
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
            case "item" -> {
                requireExecuted();
                Item item = view.pairedItem()
                        .orElseThrow(() -> EvalState.error("Can't get the item of node '" + name + "' that item "
                                + state.scope.itemIndex() + " comes from (no paired item)"));
                yield state.itemObject(item);
            }
            case "params" -> state.view(view.parameters());
            case "isExecuted" -> view.lastRunIndex() >= 0;
            case "runIndex" -> (double) view.lastRunIndex();
            default -> super.get(property, start);
        };
    }

    void requireExecuted() {
        if (view.lastRunIndex() < 0) {
            throw EvalState.error("Node '" + name + "' hasn't been executed");
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
            var first = new EvalState.Lazy(() -> {
                List<Item> items = proxy.items(0, -1);
                return items.isEmpty() ? null : state.itemObject(items.getFirst());
            });
            var json = new EvalState.Lazy(() -> property(first.get(), "json"));
            legacy.defineProperty("json", json, json, EMPTY);
            var binary = new EvalState.Lazy(() -> property(first.get(), "binary"));
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
