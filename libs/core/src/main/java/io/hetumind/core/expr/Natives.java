package io.hetumind.core.expr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.core.spi.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.NumberFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.SerializableCallable;
import org.mozilla.javascript.Undefined;

/**
 * Java-backed functions the sandbox offers: data access ({@code $}, {@code $items}, the
 * methods of {@code $input} and {@code $('Node')}) and helpers the prelude builds on
 * (hashing, number formatting). They take and return plain JS values only.
 */
final class Natives {

    private final Sandbox sandbox;
    private ScriptableObject nodeProxyPrototype;
    private ScriptableObject inputPrototype;

    Natives(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void install(ScriptableObject global) {
        define(global, "$", 1, (cx, scope, self, args) -> NodeProxy.lookup(state(cx), EvalState.stringArg(args, 0)));
        define(global, "$items", 3, (cx, scope, self, args) -> items(state(cx), args));
        define(global, "__hash", 3, (cx, scope, self, args) -> hash(args));
        define(global, "__formatNumber", 3, (cx, scope, self, args) -> formatNumber(args));
        define(global, "__base64", 2, (cx, scope, self, args) -> base64(args));

        nodeProxyPrototype = sandbox.newObject();
        define(nodeProxyPrototype, "first", 2, (cx, scope, self, args) -> {
            List<Item> items = node(self).items(branch(self, args), EvalState.intArg(args, 1, -1));
            return items.isEmpty() ? Undefined.instance : state(cx).itemObject(items.getFirst());
        });
        define(nodeProxyPrototype, "last", 2, (cx, scope, self, args) -> {
            List<Item> items = node(self).items(branch(self, args), EvalState.intArg(args, 1, -1));
            return items.isEmpty() ? Undefined.instance : state(cx).itemObject(items.getLast());
        });
        define(nodeProxyPrototype, "all", 2, (cx, scope, self, args) -> state(cx)
                .itemArray(node(self).items(branch(self, args), EvalState.intArg(args, 1, -1))));
        define(nodeProxyPrototype, "itemMatching", 1, (cx, scope, self, args) -> {
            if (args.length == 0 || args[0] == null || args[0] instanceof Undefined) {
                throw EvalState.error("Missing item index for .itemMatching()");
            }
            int index = EvalState.intArg(args, 0, 0);
            return state(cx).itemObject(node(self).paired(index, "itemMatching"));
        });
        define(nodeProxyPrototype, "pairedItem", 1, (cx, scope, self, args) -> {
            int index = EvalState.intArg(args, 0, state(cx).scope.itemIndex());
            return state(cx).itemObject(node(self).paired(index, "pairedItem"));
        });

        inputPrototype = sandbox.newObject();
        define(inputPrototype, "first", 1, (cx, scope, self, args) -> {
            if (state(cx).sharesInputs()) {
                return sharedInput(cx, args, true);
            }
            List<Item> items = input(cx, args);
            return items.isEmpty() ? Undefined.instance : state(cx).itemObject(items.getFirst());
        });
        define(inputPrototype, "last", 1, (cx, scope, self, args) -> {
            if (state(cx).sharesInputs()) {
                return sharedInput(cx, args, false);
            }
            List<Item> items = input(cx, args);
            return items.isEmpty() ? Undefined.instance : state(cx).itemObject(items.getLast());
        });
        define(
                inputPrototype,
                "all",
                1,
                (cx, scope, self, args) -> state(cx).sharesInputs()
                        ? state(cx).inputArray(EvalState.intArg(args, 0, 0))
                        : state(cx).itemArray(input(cx, args)));
    }

    /**
     * {@code $execution}: its id, mode and resume URLs ({@code resumeFormUrl} is the resume URL itself: a Wait "On Form
     * Submitted" serves its form there; n8n has a separate {@code /form-waiting/} route) and {@code customData} with
     * n8n's {@code set}, {@code setAll}, {@code get} and {@code getAll} over the host's store (n8n's rules, {@link
     * ExecutionCustomData#setAll}); without a store they fail saying so.
     */
    Scriptable execution(EvalState state, ExpressionScope scope) {
        ScriptableObject exec = sandbox.newObject();
        ScriptableObject.putProperty(exec, "id", scope.executionId());
        ScriptableObject.putProperty(exec, "mode", scope.executionMode());
        ScriptableObject.putProperty(exec, "resumeUrl", scope.resumeUrl());
        ScriptableObject.putProperty(exec, "resumeFormUrl", scope.resumeUrl());
        ScriptableObject custom = sandbox.newObject();
        ExecutionCustomData store = scope.customData();
        String id = scope.executionId();
        define(custom, "set", 2, (cx, sc, self, args) -> {
            String key = EvalState.stringArg(args, 0);
            Map<String, JsonNode> one = new LinkedHashMap<>();
            one.put(key == null ? "undefined" : key, customValue(args, 1));
            setAll(store, id, one);
            return Undefined.instance;
        });
        define(custom, "setAll", 1, (cx, sc, self, args) -> {
            Map<String, JsonNode> all = new LinkedHashMap<>();
            if (args.length > 0 && args[0] instanceof Scriptable obj) {
                for (Object key : obj.getIds()) {
                    String k = String.valueOf(key);
                    all.put(k, customValue(new Object[] {ScriptableObject.getProperty(obj, k)}, 0));
                }
            }
            setAll(store, id, all);
            return Undefined.instance;
        });
        define(custom, "get", 1, (cx, sc, self, args) -> {
            String key = EvalState.stringArg(args, 0);
            String value = key == null ? null : stored(store, id).get(key.length() > 50 ? key.substring(0, 50) : key);
            return value == null ? Undefined.instance : value;
        });
        define(custom, "getAll", 0, (cx, sc, self, args) -> {
            ObjectNode all = Json.object();
            stored(store, id).forEach(all::put);
            return state.view(all);
        });
        ScriptableObject.putProperty(exec, "customData", custom);
        return exec;
    }

    /** A script value as custom data takes it: text and numbers as they are, anything else refused by the store. */
    private static JsonNode customValue(Object[] args, int index) {
        Object v = args.length > index ? args[index] : Undefined.instance;
        if (v instanceof CharSequence text) {
            return Json.F.textNode(text.toString());
        }
        if (v instanceof Number n) {
            return Json.F.numberNode(n.doubleValue());
        }
        return v instanceof Boolean b ? Json.F.booleanNode(b) : Json.F.nullNode();
    }

    private static void setAll(ExecutionCustomData store, String id, Map<String, JsonNode> values) {
        if (store == null) {
            throw EvalState.error("Custom data is not available here: this host keeps no execution data");
        }
        try {
            store.setAll(id, values);
        } catch (IllegalArgumentException e) {
            throw EvalState.error(e.getMessage());
        }
    }

    private static Map<String, String> stored(ExecutionCustomData store, String id) {
        if (store == null) {
            throw EvalState.error("Custom data is not available here: this host keeps no execution data");
        }
        return store.getAll(id);
    }

    Scriptable nodeProxyPrototype() {
        return nodeProxyPrototype;
    }

    Scriptable inputPrototype() {
        return inputPrototype;
    }

    static void define(ScriptableObject target, String name, int arity, SerializableCallable body) {
        target.defineProperty(name, new LambdaFunction(target, name, arity, body), ScriptableObject.DONTENUM);
    }

    static EvalState state(Context cx) {
        EvalState state = cx instanceof SandboxContext sandbox ? sandbox.state : null;
        if (state == null) {
            throw EvalState.error("expression data is not available here");
        }
        return state;
    }

    /** The branch argument, else (as n8n does) the output of the node that feeds the evaluated node. */
    private static int branch(Scriptable self, Object[] args) {
        return EvalState.intArg(args, 0, node(self).view.connectedOutput());
    }

    private static NodeProxy node(Scriptable self) {
        if (self instanceof NodeProxy proxy) {
            return proxy;
        }
        throw ScriptRuntime.typeError("not a node reference; use $('Node Name')");
    }

    /** First or last element of the shared input array (user code sees one set of objects). */
    private static Object sharedInput(Context cx, Object[] args, boolean first) {
        NativeArray items = state(cx).inputArray(EvalState.intArg(args, 0, 0));
        long n = items.getLength();
        return n == 0 ? Undefined.instance : items.get(first ? 0 : (int) (n - 1), items);
    }

    private static List<Item> input(Context cx, Object[] args) {
        List<Item> items = state(cx).scope.input(EvalState.intArg(args, 0, 0));
        return items == null ? List.of() : items;
    }

    /** {@code $items(node?, outputIndex?, runIndex?)}; without a node, the evaluated node's input. */
    private static Object items(EvalState state, Object[] args) {
        String name = EvalState.stringArg(args, 0);
        if (name == null) {
            return state.itemArray(state.scope.input(0));
        }
        NodeProxy node = NodeProxy.lookup(state, name);
        return state.itemArray(node.items(EvalState.intArg(args, 1, 0), EvalState.intArg(args, 2, -1)));
    }

    /** {@code __base64(text, decode)}: UTF-8 text to base64 and back. */
    private static Object base64(Object[] args) {
        String text = String.valueOf(EvalState.stringArg(args, 0));
        if (args.length > 1 && ScriptRuntime.toBoolean(args[1])) {
            try {
                return new String(Base64.getMimeDecoder().decode(text), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw EvalState.error("Invalid base64 text");
            }
        }
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code __hash(text, algorithm, encoding)}: hex (default) or base64 digest. */
    private static Object hash(Object[] args) {
        String text = EvalState.stringArg(args, 0);
        String algorithm =
                switch (String.valueOf(EvalState.stringArg(args, 1)).toLowerCase(Locale.ROOT)) {
                    case "null", "md5" -> "MD5";
                    case "sha1", "sha-1" -> "SHA-1";
                    case "sha224", "sha-224" -> "SHA-224";
                    case "sha256", "sha-256" -> "SHA-256";
                    case "sha384", "sha-384" -> "SHA-384";
                    case "sha512", "sha-512" -> "SHA-512";
                    case "sha3-256" -> "SHA3-256";
                    case "sha3-384" -> "SHA3-384";
                    case "sha3-512" -> "SHA3-512";
                    default -> throw ScriptRuntime.rangeError("Unsupported hash algorithm: " + args[1]);
                };
        try {
            byte[] digest = MessageDigest.getInstance(algorithm)
                    .digest(String.valueOf(text).getBytes(StandardCharsets.UTF_8));
            return "base64".equals(EvalState.stringArg(args, 2))
                    ? Base64.getEncoder().encodeToString(digest)
                    : HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw ScriptRuntime.rangeError("Unsupported hash algorithm: " + algorithm);
        }
    }

    /**
     * {@code __formatNumber(n, locale, minFractionDigits, maxFractionDigits, style, currency)}:
     * the subset of {@code Intl.NumberFormat} that n8n's {@code Number.format} is used for.
     */
    private static Object formatNumber(Object[] args) {
        double value = ScriptRuntime.toNumber(args.length > 0 ? args[0] : Undefined.instance);
        String tag = EvalState.stringArg(args, 1);
        Locale locale = tag == null ? Locale.US : Locale.forLanguageTag(tag);
        String style = EvalState.stringArg(args, 4);
        NumberFormat format;
        if ("percent".equals(style)) {
            format = NumberFormat.getPercentInstance(locale);
        } else if ("currency".equals(style)) {
            format = NumberFormat.getCurrencyInstance(locale);
            String currency = EvalState.stringArg(args, 5);
            if (currency != null) {
                format.setCurrency(java.util.Currency.getInstance(currency));
            }
        } else {
            format = NumberFormat.getNumberInstance(locale);
            format.setMaximumFractionDigits(3);
        }
        int min = EvalState.intArg(args, 2, -1);
        int max = EvalState.intArg(args, 3, -1);
        if (min >= 0) {
            format.setMinimumFractionDigits(min);
        }
        if (max >= 0) {
            format.setMaximumFractionDigits(Math.max(max, Math.max(min, 0)));
        }
        return format.format(value);
    }
}
