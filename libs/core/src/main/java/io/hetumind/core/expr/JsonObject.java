package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * A JavaScript object over a Jackson {@link ObjectNode}, one level deep: scalar fields are
 * copied in as JS values, nested objects and arrays are wrapped only when first read. Writes
 * stay in this view, so an expression can never change the item it reads.
 */
final class JsonObject extends ScriptableObject {

    private final ObjectNode source;
    private List<LazyChild> lazies;
    private boolean modified;
    private boolean populating;

    JsonObject(ObjectNode source, Sandbox sandbox) {
        this.source = source;
        setPrototype(sandbox.objectPrototype());
        setParentScope(sandbox.global());
        populating = true;
        for (Map.Entry<String, JsonNode> field : source.properties()) {
            String key = field.getKey();
            JsonNode value = field.getValue();
            int index = JsonViews.arrayIndex(key);
            if (index >= 0) {
                // Rhino keeps integer-like keys apart from string keys, so they go in as indexes.
                put(index, this, JsonViews.wrap(value, sandbox));
            } else if (value.isContainerNode()) {
                var lazy = new LazyChild(value, sandbox);
                if (lazies == null) {
                    lazies = new ArrayList<>(4);
                }
                lazies.add(lazy);
                defineProperty(key, lazy, lazy, EMPTY);
            } else {
                defineProperty(key, JsonViews.scalar(value), EMPTY);
            }
        }
        populating = false;
    }

    @Override
    public String getClassName() {
        return "Object";
    }

    ObjectNode source() {
        return source;
    }

    /** True when neither this view nor anything read through it was changed by the script. */
    boolean isPristine() {
        if (modified) {
            return false;
        }
        if (lazies != null) {
            for (LazyChild lazy : lazies) {
                if (!lazy.isPristine()) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public void put(String name, Scriptable start, Object value) {
        modified |= !populating;
        super.put(name, start, value);
    }

    @Override
    public void put(int index, Scriptable start, Object value) {
        modified |= !populating;
        super.put(index, start, value);
    }

    @Override
    public void delete(String name) {
        modified = true;
        super.delete(name);
    }

    @Override
    public void delete(int index) {
        modified = true;
        super.delete(index);
    }

    @Override
    public boolean defineOwnProperty(Context cx, Object id, ScriptableObject desc) {
        modified = true;
        return super.defineOwnProperty(cx, id, desc);
    }

    /** A nested container read on first access; remembers whether the script replaced it. */
    private static final class LazyChild implements Supplier<Object>, Consumer<Object> {
        private final JsonNode node;
        private final Sandbox sandbox;
        private Object value;
        private boolean materialized;
        private boolean replaced;

        LazyChild(JsonNode node, Sandbox sandbox) {
            this.node = node;
            this.sandbox = sandbox;
        }

        @Override
        public Object get() {
            if (!materialized) {
                value = JsonViews.wrap(node, sandbox);
                materialized = true;
            }
            return value;
        }

        @Override
        public void accept(Object newValue) {
            value = newValue;
            materialized = true;
            replaced = true;
        }

        boolean isPristine() {
            return !replaced && (!materialized || JsonViews.isPristine(value));
        }
    }
}
