package io.hetumind.core.expr;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.Script;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;

/**
 * The shared, sealed JavaScript world of one engine: safe standard objects, the n8n
 * extension prelude, DateTime and the data-access functions. Built once, then read-only, so
 * any number of threads can evaluate against it with their own per-evaluation top scope.
 */
final class Sandbox {

    /** Globals that give nothing to expressions and only widen the attack surface. */
    private static final String[] REMOVED_GLOBALS = {
        "Continuation", "Script", "With", "Call", "JavaException", "Iterator", "StopIteration", "uneval"
    };

    private final ExpressionLimits limits;
    private final SandboxContextFactory factory;
    private final ScriptableObject global;
    private final Scriptable objectPrototype;
    private final Scriptable arrayPrototype;
    private final Natives natives;
    private final DateTimeSupport dateTimes;
    /** Contexts are re-entered rather than rebuilt: making one costs more than a simple evaluation. */
    private final ThreadLocal<SandboxContext> contexts = new ThreadLocal<>();

    Sandbox(ExpressionLimits limits) {
        this.limits = limits;
        this.factory = new SandboxContextFactory(limits);
        try (Context cx = factory.enterContext()) {
            global = cx.initSafeStandardObjects(null, false);
            for (String name : REMOVED_GLOBALS) {
                global.delete(name);
            }
            objectPrototype = ScriptableObject.getObjectPrototype(global);
            arrayPrototype = ScriptableObject.getArrayPrototype(global);
            natives = new Natives(this);
            natives.install(global);
            dateTimes = new DateTimeSupport(this);
            dateTimes.install(global);
            Prelude.install(cx, global, limits);
            sealAll(global, Collections.newSetFromMap(new IdentityHashMap<>()));
        }
    }

    ExpressionLimits limits() {
        return limits;
    }

    ScriptableObject global() {
        return global;
    }

    Scriptable objectPrototype() {
        return objectPrototype;
    }

    Scriptable arrayPrototype() {
        return arrayPrototype;
    }

    Natives natives() {
        return natives;
    }

    DateTimeSupport dateTimes() {
        return dateTimes;
    }

    /** Enters a sandbox context on this thread; close it when done. */
    SandboxContext enter() {
        Context current = Context.getCurrentContext();
        if (current != null && !(current instanceof SandboxContext)) {
            throw new IllegalStateException("a foreign Rhino context is active on this thread");
        }
        if (current != null) {
            return (SandboxContext) factory.enterContext();
        }
        SandboxContext cx = contexts.get();
        if (cx == null) {
            cx = (SandboxContext) factory.enterContext();
            contexts.set(cx);
            return cx;
        }
        return (SandboxContext) factory.enterContext(cx);
    }

    /**
     * Enters a new context of its own (user code): its microtask queue starts empty and dies
     * with it, so nothing an aborted run queued can leak into a later evaluation.
     */
    SandboxContext enterFresh() {
        if (Context.getCurrentContext() != null) {
            throw new IllegalStateException("user code cannot run inside another script evaluation");
        }
        return (SandboxContext) factory.enterContext();
    }

    /** Compiles an expression; throws {@link EvaluatorException} on a syntax error. */
    Script compile(String source, String name) {
        return factory.call(cx -> cx.compileString(source, name, 1, null));
    }

    /** Creates an object whose prototype is the sandbox's {@code Object.prototype}. */
    ScriptableObject newObject() {
        var object = new PlainObject();
        object.setPrototype(objectPrototype);
        object.setParentScope(global);
        return object;
    }

    /**
     * Seals every object reachable from the global scope, prototypes and functions included.
     * Sealing also forces Rhino's lazily initialised built-ins, which would otherwise be
     * created on first use by whichever thread gets there first.
     */
    private static void sealAll(Scriptable object, Set<Object> seen) {
        if (!seen.add(object)) {
            return;
        }
        if (object.getPrototype() != null) {
            sealAll(object.getPrototype(), seen);
        }
        Object[] ids = object instanceof ScriptableObject so ? so.getAllIds() : object.getIds();
        for (Object id : ids) {
            if (valueOf(object, id) instanceof Scriptable child) {
                sealAll(child, seen);
            }
        }
        if (object instanceof ScriptableObject so) {
            // sealing stops put/delete; freezing each property and preventing extensions also
            // stops Object.defineProperty, which bypasses the seal check
            for (Object id : ids) {
                freeze(so, id, valueOf(so, id));
            }
            so.preventExtensions();
            so.sealObject();
        }
    }

    private static Object valueOf(Scriptable object, Object id) {
        try {
            return id instanceof Integer i ? object.get(i, object) : object.get(String.valueOf(id), object);
        } catch (RuntimeException e) {
            return null; // accessor properties that throw when read off their prototype
        }
    }

    /**
     * Makes a shared property non-configurable; function-valued ones also read-only. Data
     * properties such as {@code Error.prototype.message} stay writable, or every error object
     * would inherit a read-only {@code message} and could not get its own.
     */
    private static void freeze(ScriptableObject object, Object id, Object value) {
        int extra = ScriptableObject.PERMANENT | (value instanceof Function ? ScriptableObject.READONLY : 0);
        try {
            if (id instanceof Integer i) {
                object.setAttributes(i, object.getAttributes(i) | extra);
            } else if (id instanceof String name) {
                object.setAttributes(name, object.getAttributes(name) | extra);
            }
        } catch (RuntimeException e) {
            // accessor and built-in slots keep their attributes; the seal still blocks writes
        }
    }

    /** A plain JavaScript object made from Java. */
    static final class PlainObject extends ScriptableObject {
        @Override
        public String getClassName() {
            return "Object";
        }
    }
}
