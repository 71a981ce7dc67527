package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import org.mozilla.javascript.NativeArray;

/**
 * A real JavaScript array made from a Jackson {@link ArrayNode} when first read, so every
 * array method works; elements are wrapped one level deep like {@link JsonObject}.
 */
final class JsonArray extends NativeArray {

    private final ArrayNode source;
    private final Object[] snapshot;

    private JsonArray(ArrayNode source, Object[] elements, Sandbox sandbox) {
        super(elements);
        this.source = source;
        this.snapshot = elements.clone();
        setPrototype(sandbox.arrayPrototype());
        setParentScope(sandbox.global());
    }

    static JsonArray of(ArrayNode source, Sandbox sandbox) {
        var elements = new Object[source.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = JsonViews.wrap(source.get(i), sandbox);
        }
        return new JsonArray(source, elements, sandbox);
    }

    ArrayNode source() {
        return source;
    }

    /** True when the script changed neither the array nor any element read from it. */
    boolean isPristine() {
        if (getLength() != snapshot.length) {
            return false;
        }
        for (int i = 0; i < snapshot.length; i++) {
            Object now = get(i, this);
            if (now != snapshot[i] || !JsonViews.isPristine(now)) {
                return false;
            }
        }
        return true;
    }
}
