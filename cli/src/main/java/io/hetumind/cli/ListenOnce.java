package io.hetumind.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Node;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.sdk.plugin.PluginGuard;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The CLI's host for a listening trigger: "run once". It opens the listener, takes the first event
 * (later ones are refused, so a broker keeps them) and hands it back with the listener still open:
 * a listener that follows its execution ({@link ListenContext#emitAndFollow}, e.g. a RabbitMQ
 * Trigger acknowledging only after success) is told how the run ended before it is closed.
 */
final class ListenOnce {

    /** Why no event was taken; the message names the node and never a secret. */
    static final class NoEvent extends Exception {
        NoEvent(String message) {
            super(message);
        }
    }

    /** The event taken, with its listener open until {@link #close}; tell it the run's end first. */
    static final class Event implements AutoCloseable {
        final List<Item> items;
        private final AutoCloseable listener;
        private final CompletableFuture<ListenContext.ExecutionEnd> end;

        private Event(List<Item> items, AutoCloseable listener, CompletableFuture<ListenContext.ExecutionEnd> end) {
            this.items = items;
            this.listener = listener;
            this.end = end;
        }

        /** Tells a following listener how the run ended; anything but an error or a cancel succeeded. */
        void finished(ExecutionResult r) {
            if (end != null) {
                ExecutionStatus s = r.status();
                boolean ok = s != ExecutionStatus.ERROR && s != ExecutionStatus.CANCELED;
                String error = ok
                        ? null
                        : r.state().error() == null
                                ? s.wire()
                                : r.state().error().message();
                end.complete(new ListenContext.ExecutionEnd(ok, error));
            }
        }

        /** Closes the listener; a run never reported as finished is reported as lost first. */
        @Override
        public void close() {
            if (end != null) {
                end.completeExceptionally(new IllegalStateException("the run did not finish"));
            }
            try {
                listener.close();
            } catch (Exception e) {
                // the event was taken; a listener failing to close loses nothing more
            }
        }
    }

    /** The first event and whether its listener follows the run. */
    private record Taken(List<Item> items, boolean follow) {}

    private ListenOnce() {}

    /**
     * The listening trigger {@code start} names, if its type is one that waits for an event (a polling one that polls
     * when run once runs as any node, as n8n's manual run does).
     */
    static Optional<ListenTrigger> of(Workflow wf, String start, NodeRegistry registry) {
        return wf.node(start)
                .flatMap(n -> registry.find(n.type()))
                .filter(ListenTrigger.class::isInstance)
                .map(ListenTrigger.class::cast)
                .filter(t -> !t.pollsWhenRunOnce());
    }

    static Event await(
            Workflow wf,
            Node node,
            ListenTrigger type,
            CredentialResolver credentials,
            BinaryStore binaries,
            PluginGuard guard,
            Duration timeout,
            Runnable listening)
            throws Exception {
        TriggerParams params = new TriggerParams(node);
        String target = guard.call((NodeType) type, "target of " + node.type(), () -> type.target(params));
        CompletableFuture<Taken> first = new CompletableFuture<>();
        CompletableFuture<ListenContext.ExecutionEnd> end = new CompletableFuture<>();
        ListenContext ctx = new ListenContext() {
            @Override
            public String workflowId() {
                return wf.id() == null ? "" : wf.id();
            }

            @Override
            public ZoneId zone() {
                String tz = wf.settings() == null ? null : wf.settings().timezone();
                try {
                    return tz == null || tz.isBlank() || "DEFAULT".equals(tz) ? ZoneId.of("UTC") : ZoneId.of(tz);
                } catch (java.time.DateTimeException e) {
                    return ZoneId.of("UTC");
                }
            }

            @Override
            public Optional<ObjectNode> credentials(String credentialType) {
                var ref = node.credentials() == null ? null : node.credentials().get(credentialType);
                return ref == null ? Optional.empty() : credentials.resolve(ref, credentialType);
            }

            @Override
            public <T> Optional<T> service(Class<T> serviceType) {
                if (serviceType == NetworkPolicy.class) {
                    return Optional.of(serviceType.cast(NetworkPolicy.allowAll()));
                }
                // the run's own store, so files a listener keeps (mail attachments) are readable by the run
                return serviceType == BinaryStore.class ? Optional.of(serviceType.cast(binaries)) : Optional.empty();
            }

            @Override
            public Optional<String> env(String name) {
                return Optional.ofNullable(Engines.allowedEnv().get(name)); // as the run's $env
            }

            @Override
            public System.Logger log() {
                return System.getLogger("hetumind.cli.listen");
            }

            @Override
            public void emit(List<Item> items) throws EmitRefusedException {
                take(items, false);
            }

            @Override
            public Optional<CompletionStage<ExecutionEnd>> emitAndFollow(List<Item> items) throws EmitRefusedException {
                take(items, true);
                return Optional.of(end);
            }

            private void take(List<Item> items, boolean follow) throws EmitRefusedException {
                if (!first.complete(new Taken(List.copyOf(items), follow))) {
                    throw new EmitRefusedException("the CLI runs the workflow once and took an event already", null);
                }
            }

            @Override
            public void broken(String reason, Throwable cause) {
                first.completeExceptionally(new NoEvent(reason));
            }
        };
        // a plugin's trigger reaches only what its plugin declares, and cannot hang the CLI while opening
        AutoCloseable listener = guard.listen(type, params, ctx);
        try {
            listening.run();
            Taken taken = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new Event(taken.items(), listener, taken.follow() ? end : null);
        } catch (TimeoutException e) {
            closeQuietly(listener);
            throw new NoEvent("no event on " + target + " within " + words(timeout) + "; nothing ran"
                    + " (--listen-timeout sets the wait)");
        } catch (ExecutionException e) {
            closeQuietly(listener);
            throw e.getCause() instanceof Exception x ? x : e;
        } catch (Exception | Error e) {
            closeQuietly(listener);
            throw e;
        }
    }

    private static void closeQuietly(AutoCloseable listener) {
        try {
            listener.close();
        } catch (Exception e) {
            // nothing was taken
        }
    }

    /** "30s", "5m", "1h", "250ms" or plain seconds. */
    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        try {
            Duration d;
            if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                d = Duration.ofSeconds(Long.parseLong(t));
            }
            if (d.isNegative() || d.isZero()) {
                throw new UsageException("--listen-timeout must be positive, not '" + text + "'");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--listen-timeout: '" + text + "' is not a duration such as 30s, 5m or 1h");
        }
    }

    static String words(Duration d) {
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
