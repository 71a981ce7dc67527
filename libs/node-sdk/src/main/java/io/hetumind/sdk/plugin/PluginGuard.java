package io.hetumind.sdk.plugin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.HostServices;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeScopes;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.OptionLoader;
import io.hetumind.core.spi.OptionSpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * How a host calls node code outside a run — option loaders for the designer, listening triggers, a trigger's
 * {@code target}/{@code spec}/{@code rules} — so that a plugin's code there is held as in a run: its services and
 * environment narrowed by the same {@link NodeScopes} (declared hosts, files and variables only), and each call on a
 * thread of its own (context class loader: the plugin's) bounded by a timeout, so a plugin that throws anything or
 * hangs fails that call with a message naming the plugin and never the host. Built-in node types are called directly
 * and see the host's services unchanged. Made by {@link Plugins#guard}.
 */
public final class PluginGuard {

    /** How long one call into a plugin (an option loader, opening or closing a listener) may take by default. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final NodeScopes scopes;
    private final Duration timeout;

    PluginGuard(NodeScopes scopes, Duration timeout) {
        this.scopes = scopes;
        this.timeout = timeout;
    }

    /** This guard with {@code timeout} per call into a plugin. */
    public PluginGuard withTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a plugin call timeout must be positive, not " + timeout);
        }
        return new PluginGuard(scopes, timeout);
    }

    /**
     * Runs {@code type}'s option loader {@code loader} with {@code request}, its {@link HostServices} narrowed for the
     * type. An unknown loader is an {@link IllegalArgumentException} naming the ones the type has.
     */
    public List<OptionSpec> loadOptions(NodeType type, String loader, OptionLoader.Request request) throws Exception {
        OptionLoader.Request scoped = request.withServices(request.services().scoped(scopes, type));
        String id = type.descriptor().type();
        java.util.Map<String, OptionLoader> loaders = call(type, "option loaders of " + id, type::optionLoaders);
        OptionLoader l = loaders == null ? null : loaders.get(loader);
        if (l == null) {
            throw new IllegalArgumentException("node type " + id + " has no option loader '" + loader + "' (it has: "
                    + (loaders == null || loaders.isEmpty()
                            ? "none"
                            : String.join(", ", new TreeSet<>(loaders.keySet())))
                    + ")");
        }
        return call(type, "option loader '" + loader + "' of " + id, () -> {
            List<OptionSpec> options = l.load(scoped);
            return options == null ? List.of() : List.copyOf(options);
        });
    }

    /**
     * Opens {@code type}'s listener with {@code ctx} narrowed for the type ({@link ListenContext#service},
     * {@link ListenContext#env}); the listener returned closes under the same bound. A listener a plugin hands back
     * after its call timed out is closed at once.
     */
    public AutoCloseable listen(ListenTrigger type, TriggerParams params, ListenContext ctx) throws Exception {
        NodeType node = (NodeType) type;
        Optional<PluginClassLoader> plugin = plugin(node);
        if (plugin.isEmpty()) {
            return type.listen(params, ctx);
        }
        ListenContext scoped = new ScopedListenContext(
                ctx, node, scopes, Thread.currentThread().getContextClassLoader());
        String what = "listener of " + node.descriptor().type();
        AutoCloseable listener = bounded(plugin.get(), "listen", what, () -> type.listen(params, scoped), late -> {
            try {
                late.close();
            } catch (Exception e) {
                // the host gave up on it already; nothing to report to
            }
        });
        return () -> {
            if (listener != null) {
                bounded(
                        plugin.get(),
                        "close",
                        "listener of " + node.descriptor().type() + " (close)",
                        () -> {
                            listener.close();
                            return null;
                        },
                        late -> {});
            }
        };
    }

    /**
     * Runs plugin code of {@code type} (a trigger's {@code target}, {@code spec} or {@code rules}) bounded, failures
     * naming the plugin and {@code what}; a built-in type's code runs directly.
     */
    public <T> T call(NodeType type, String what, Callable<T> body) throws Exception {
        Optional<PluginClassLoader> plugin = plugin(type);
        return plugin.isEmpty() ? body.call() : bounded(plugin.get(), "call", what, body, late -> {});
    }

    private static Optional<PluginClassLoader> plugin(NodeType type) {
        return type.getClass().getClassLoader() instanceof PluginClassLoader p ? Optional.of(p) : Optional.empty();
    }

    /**
     * Runs {@code body} on a daemon thread of the plugin's, waiting at most the timeout. Exceptions a node reports
     * with ({@link NodeException} — the refusals of its narrowed services among them — and
     * {@link TriggerConfigException}) come back as thrown; anything else thrown, and a timeout, become a
     * {@link PluginCallException} naming the plugin. A result produced after the host gave up goes to {@code late}.
     */
    private <T> T bounded(PluginClassLoader plugin, String thread, String what, Callable<T> body, Consumer<T> late)
            throws Exception {
        String label = plugin.manifest().label();
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(
                () -> {
                    try {
                        T value = body.call();
                        if (!result.complete(value) && value != null) {
                            late.accept(value);
                        }
                    } catch (Throwable e) {
                        result.completeExceptionally(e);
                    }
                },
                "hetumind-plugin-" + plugin.manifest().name() + "-" + thread);
        t.setDaemon(true);
        t.setContextClassLoader(plugin);
        t.start();
        try {
            try {
                return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (result.cancel(false)) {
                    t.interrupt();
                    throw new PluginCallException(
                            label, what, "did not finish within " + timeout.toMillis() + " ms; it was interrupted");
                }
                return result.get(); // it finished just now
            }
        } catch (InterruptedException e) {
            result.cancel(false);
            t.interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof VirtualMachineError fatal && !(cause instanceof StackOverflowError)) {
                throw fatal;
            }
            if (cause instanceof NodeException || cause instanceof TriggerConfigException) {
                throw (Exception) cause;
            }
            throw new PluginCallException(
                    label,
                    what,
                    "failed: " + cause.getClass().getName()
                            + (cause.getMessage() == null ? "" : ": " + cause.getMessage()),
                    cause);
        }
    }

    /** A plugin's option loader or trigger failed or did not answer in time; the message names the plugin. */
    public static final class PluginCallException extends Exception {

        private final String plugin;

        PluginCallException(String plugin, String what, String problem) {
            this(plugin, what, problem, null);
        }

        PluginCallException(String plugin, String what, String problem, Throwable cause) {
            super("plugin " + plugin + ": its " + what + " " + problem, cause);
            this.plugin = plugin;
        }

        /** {@code name@version} of the plugin. */
        public String plugin() {
            return plugin;
        }
    }

    /**
     * A listener's context as a plugin's trigger sees it: services and variables narrowed for its node type. Calls back
     * into the host (emit, state, credentials …) run with the host's context class loader, whatever thread of the
     * plugin's (context loader: the plugin's) they come from, since host frameworks look their providers up there.
     */
    private static final class ScopedListenContext implements ListenContext {

        private final ListenContext host;
        private final NodeType type;
        private final NodeScopes scopes;
        private final ClassLoader hostLoader;

        ScopedListenContext(ListenContext host, NodeType type, NodeScopes scopes, ClassLoader hostLoader) {
            this.host = host;
            this.type = type;
            this.scopes = scopes;
            this.hostLoader = hostLoader;
        }

        private ClassLoader enter() {
            Thread t = Thread.currentThread();
            ClassLoader previous = t.getContextClassLoader();
            t.setContextClassLoader(hostLoader);
            return previous;
        }

        private static void leave(ClassLoader previous) {
            Thread.currentThread().setContextClassLoader(previous);
        }

        @Override
        public String workflowId() {
            return host.workflowId();
        }

        @Override
        public ZoneId zone() {
            return host.zone();
        }

        @Override
        public Optional<ObjectNode> credentials(String credentialType) {
            ClassLoader previous = enter();
            try {
                return host.credentials(credentialType);
            } finally {
                leave(previous);
            }
        }

        @Override
        public <T> Optional<T> service(Class<T> serviceType) {
            if (serviceType == NodeScopes.class) {
                return Optional.empty();
            }
            ClassLoader previous = enter();
            try {
                return Optional.ofNullable(scopes.service(
                        type, serviceType, host.service(serviceType).orElse(null)));
            } finally {
                leave(previous);
            }
        }

        @Override
        public Optional<String> env(String name) {
            return scopes.envVisible(type, name) ? host.env(name) : Optional.empty();
        }

        @Override
        public System.Logger log() {
            return host.log();
        }

        @Override
        public void emit(List<Item> items) throws EmitRefusedException, InterruptedException {
            ClassLoader previous = enter();
            try {
                host.emit(items);
            } finally {
                leave(previous);
            }
        }

        @Override
        public Optional<CompletionStage<ExecutionEnd>> emitAndFollow(List<Item> items)
                throws EmitRefusedException, InterruptedException {
            ClassLoader previous = enter();
            try {
                return host.emitAndFollow(items);
            } finally {
                leave(previous);
            }
        }

        @Override
        public Optional<ObjectNode> loadState() {
            ClassLoader previous = enter();
            try {
                return host.loadState();
            } finally {
                leave(previous);
            }
        }

        @Override
        public void saveState(ObjectNode state) {
            ClassLoader previous = enter();
            try {
                host.saveState(state);
            } finally {
                leave(previous);
            }
        }

        @Override
        public void broken(String reason, Throwable cause) {
            ClassLoader previous = enter();
            try {
                host.broken(reason, cause);
            } finally {
                leave(previous);
            }
        }
    }
}
