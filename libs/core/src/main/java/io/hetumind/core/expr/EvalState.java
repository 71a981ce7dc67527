package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/** One evaluation's data: the scope it reads and the JS objects made from it so far. */
final class EvalState {

    final Sandbox sandbox;
    final ExpressionScope scope;
    private ScriptableObject currentItem;
    /** Set for user code: {@code $input.all()} then returns the same objects on every call. */
    private NativeArray[] inputArrays;
    /** User code (not expressions): input items show their place in the input as their pairing. */
    private boolean pairByPosition;

    EvalState(Sandbox sandbox, ExpressionScope scope) {
        this.sandbox = sandbox;
        this.scope = scope;
    }

    /** The current item as {@code {json, binary}}; {@code $json} and {@code $input.item} share it. */
    ScriptableObject currentItem() {
        if (currentItem == null) {
            currentItem = itemObject(scope.item(), pairByPosition ? scope.itemIndex() : -1);
        }
        return currentItem;
    }

    /**
     * An item as n8n shows it to expressions and code: {@code json}, then {@code binary} and {@code pairedItem} only
     * when the item has them (n8n's items carry no empty {@code binary}: {@code Object.keys(item)} is
     * {@code json,pairedItem} there), all lazy.
     */
    ScriptableObject itemObject(Item item) {
        return itemObject(item, -1);
    }

    /**
     * Like {@link #itemObject(Item)}; with a {@code position} (0 or more) the item's {@code pairedItem} is
     * {@code {item: position}}, its place in the node's input, as n8n's task runner hands user code its input items
     * (returned as they are, each output item then names the input item it is).
     */
    ScriptableObject itemObject(Item item, int position) {
        ScriptableObject object = sandbox.newObject();
        var json = new ItemField(this, item, ItemField.JSON, -1);
        object.defineProperty("json", json, json, ScriptableObject.EMPTY);
        if (!item.binary().isEmpty()) {
            var binary = new ItemField(this, item, ItemField.BINARY, -1);
            object.defineProperty("binary", binary, binary, ScriptableObject.EMPTY);
        }
        if (position >= 0 || item.pairedItem() != null || item.explicitlyUnpaired()) {
            var paired = new ItemField(this, item, ItemField.PAIRED_ITEM, position);
            object.defineProperty("pairedItem", paired, paired, ScriptableObject.EMPTY);
        }
        return object;
    }

    /**
     * One lazy property of an item object, in one small object (what a {@link Lazy} and its lambda took two for: a
     * million items read by user code hold two of these each).
     */
    private static final class ItemField implements Supplier<Object>, Consumer<Object> {
        static final byte JSON = 0;
        static final byte BINARY = 1;
        static final byte PAIRED_ITEM = 2;

        private EvalState state;
        private Item item;
        private final byte field;
        /** PAIRED_ITEM: the item's place in the node's input, shown instead of its own pairing; -1: its own. */
        private final int position;

        private Object value = Scriptable.NOT_FOUND;

        ItemField(EvalState state, Item item, byte field, int position) {
            this.state = state;
            this.item = item;
            this.field = field;
            this.position = position;
        }

        @Override
        public Object get() {
            if (value == Scriptable.NOT_FOUND) {
                value = switch (field) {
                    case JSON -> state.view(item.json());
                    case BINARY -> state.view(io.hetumind.core.format.ItemCodec.writeBinaries(item.binary()));
                    default ->
                        state.view(
                                position >= 0
                                        ? Json.object().put("item", position)
                                        : io.hetumind.core.format.ItemCodec.writePairing(item));
                };
                state = null;
                item = null;
            }
            return value;
        }

        @Override
        public void accept(Object newValue) {
            value = newValue;
            state = null;
            item = null;
        }
    }

    /** Drops what the run made for its inputs, so that a result that does not hold them lets them go. */
    void release() {
        inputArrays = inputArrays == null ? null : new NativeArray[inputArrays.length];
        currentItem = null;
    }

    /**
     * Makes {@code $input} reads return one shared array per input, as user code expects, and pair each input item
     * with its place in the input ({@link #itemObject(Item, int)}), as n8n's Code node shows them.
     */
    void shareInputs() {
        inputArrays = new NativeArray[4];
        pairByPosition = true;
    }

    /** The items of input {@code index} as JS item objects; shared per evaluation when asked. */
    NativeArray inputArray(int index) {
        List<Item> items = scope.input(index);
        items = items == null ? List.of() : items;
        if (inputArrays == null || index < 0 || index >= inputArrays.length) {
            return itemArray(items);
        }
        if (inputArrays[index] == null) {
            var elements = new Object[items.size()];
            for (int i = 0; i < elements.length; i++) {
                elements[i] = itemObject(items.get(i), pairByPosition ? i : -1);
            }
            inputArrays[index] = newArray(elements);
        }
        return inputArrays[index];
    }

    /** True when {@link #inputArray} shares its arrays. */
    boolean sharesInputs() {
        return inputArrays != null;
    }

    NativeArray itemArray(List<Item> items) {
        var elements = new Object[items.size()];
        for (int i = 0; i < elements.length; i++) {
            elements[i] = itemObject(items.get(i));
        }
        return newArray(elements);
    }

    NativeArray newArray(Object[] elements) {
        var array = new NativeArray(elements);
        array.setPrototype(sandbox.arrayPrototype());
        array.setParentScope(sandbox.global());
        return array;
    }

    Object view(JsonNode node) {
        return JsonViews.wrap(node == null ? Json.object() : node, sandbox);
    }

    /** A script-catchable {@code Error}, so expressions can guard with try/catch. */
    /**
     * How a failed item reference surfaces, as in n8n: in an expression n8n's ExpressionError (its message, the
     * failure kept as the cause so the node fails with it, see {@link RhinoExpressionEngine}), or the TypeError n8n
     * runs into; in user code n8n 2.8.4's task runner cannot even build its ExpressionError (its sandbox freezes
     * {@code Error.prototype}, so setting {@code name} throws) and the code gets that TypeError instead.
     */
    RuntimeException pairingError(PairedItemException e) {
        RuntimeException thrown;
        if (e.kind() == PairedItemException.Kind.TYPE_ERROR) {
            thrown = ScriptRuntime.typeError(e.getMessage());
        } else if (pairByPosition) {
            thrown = ScriptRuntime.typeError(
                    "Cannot assign to read only property 'name' of object 'Error: " + e.codeMessage() + "'");
        } else {
            thrown = ScriptRuntime.constructError("Error", e.getMessage());
        }
        thrown.initCause(e);
        return thrown;
    }

    static RuntimeException error(String message) {
        return ScriptRuntime.constructError("Error", message);
    }

    static int intArg(Object[] args, int index, int fallback) {
        if (args.length <= index || args[index] == null || args[index] instanceof org.mozilla.javascript.Undefined) {
            return fallback;
        }
        return ScriptRuntime.toInt32(args[index]);
    }

    static String stringArg(Object[] args, int index) {
        if (args.length <= index || args[index] == null || args[index] instanceof org.mozilla.javascript.Undefined) {
            return null;
        }
        return ScriptRuntime.toString(args[index]);
    }

    /** A property computed on first read; a script assignment replaces it. */
    static final class Lazy implements Supplier<Object>, Consumer<Object> {
        private Supplier<Object> compute;
        private Object value = Scriptable.NOT_FOUND;

        Lazy(Supplier<Object> compute) {
            this.compute = compute;
        }

        @Override
        public Object get() {
            if (value == Scriptable.NOT_FOUND) {
                value = compute.get();
                compute = null;
            }
            return value;
        }

        @Override
        public void accept(Object newValue) {
            value = newValue;
            compute = null;
        }
    }
}
