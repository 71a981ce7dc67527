package io.hetumind.core.expr;

import io.hetumind.core.model.Item;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.NumberFormat;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
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
