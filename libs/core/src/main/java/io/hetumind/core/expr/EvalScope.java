package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import java.util.Map;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The top-level scope of one evaluation. Its prototype is the sealed shared global; n8n's
 * {@code $} variables are created on first use, so an expression pays only for what it reads.
 */
final class EvalScope extends ScriptableObject {

    private final EvalState state;

    EvalScope(EvalState state) {
        this.state = state;
        setPrototype(state.sandbox.global());
        setParentScope(null);
    }

    @Override
    public String getClassName() {
        return "global";
    }

    EvalState state() {
        return state;
    }

    @Override
    public Object get(String name, Scriptable start) {
        Object value = super.get(name, start);
        if (value != NOT_FOUND || name.isEmpty() || name.charAt(0) != '$') {
            return value;
        }
        value = resolve(name);
        if (value != NOT_FOUND) {
            super.put(name, this, value);
        }
        return value;
    }

    @Override
    public boolean has(String name, Scriptable start) {
        return super.has(name, start) || (name.startsWith("$") && get(name, start) != NOT_FOUND);
    }

    private Object resolve(String name) {
        ExpressionScope scope = state.scope;
        return switch (name) {
            case "$json", "$data" -> ScriptableObject.getProperty(state.currentItem(), "json");
            case "$binary" -> ScriptableObject.getProperty(state.currentItem(), "binary");
            case "$input" -> new NodeProxy.Input(state);
            case "$node" -> new NodeProxy.Accessor(state);
            case "$itemIndex", "$position" -> (double) scope.itemIndex();
            case "$runIndex" -> (double) scope.runIndex();
            case "$now" -> state.sandbox.dateTimes().now(scope);
            case "$today" -> state.sandbox.dateTimes().today(scope);
            case "$execution" -> state.sandbox.natives().execution(state, scope);
            case "$mode" -> scope.executionMode();
            case "$workflow" ->
                state.view(Json.object()
                        .put("id", scope.workflowId())
                        .put("name", scope.workflowName())
                        .put("active", scope.workflowActive()));
            case "$vars" -> state.view(stringMap(scope.vars()));
            case "$env" -> state.view(stringMap(scope.env()));
            case "$parameter" -> state.view(scope.parameters());
            case "$prevNode" -> {
                ObjectNode prev = Json.object().put("outputIndex", 0).put("runIndex", 0);
                scope.previousNodeName().ifPresent(n -> prev.put("name", n));
                yield state.view(prev);
            }
            default -> {
                JsonNode extra = scope.additionalKeys().get(name);
                yield extra == null ? NOT_FOUND : state.view(extra);
            }
        };
    }

    private static ObjectNode stringMap(Map<String, String> map) {
        ObjectNode node = Json.object();
        if (map != null) {
            map.forEach(node::put);
        }
        return node;
    }
}
