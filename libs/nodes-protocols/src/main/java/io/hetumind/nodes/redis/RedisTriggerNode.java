package io.hetumind.nodes.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenTrigger;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.credentials.Secrets;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Redis Trigger (n8n v1): subscribes to {@code channels} ("a,news.*" — each a PSUBSCRIBE pattern) and starts one
 * execution per published message with one item {@code {channel, message}} ({@code {message}} with {@code
 * onlyMessage}). The connection is the Redis node's ({@link RedisNode#connect}): the server is resolved and checked
 * by the network policy, TLS as the credential says. Redis Pub/Sub has no acknowledgement: a message the host refuses
 * is lost, as in n8n.
 */
public final class RedisTriggerNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.redisTrigger";

    /** How long subscribing may take, and how often a quiet connection is checked with a PING. */
    private static final long SUBSCRIBE_TIMEOUT_MILLIS = 30_000;

    private static final long PING_INTERVAL_MILLIS = 30_000;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("Redis Trigger")
            .description("Subscribe to redis channel")
            .group(NodeGroup.TRIGGER)
            .icon("redis")
            .alias("n8n-nodes-base.redisTrigger")
            .trigger(
                    TriggerSpec.of(TriggerKind.LISTEN, "Starts the workflow for each message published on the channels")
                            .with("channels", "channels"))
            .credential("redis", true)
            .property(PropertySpec.string("channels")
                    .displayName("Channels")
                    .defaultValue("")
                    .required()
                    .description("Channels to subscribe to, multiple channels be defined with comma. Wildcard"
                            + " character(*) is supported."))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(PropertySpec.bool("jsonParseBody")
                            .displayName("JSON Parse Body")
                            .defaultValue(false)
                            .description("Whether to try to parse the message to an object"))
                    .child(PropertySpec.bool("onlyMessage")
                            .displayName("Only Message")
                            .defaultValue(false)
                            .description("Whether to return only the message property")))
            .build();

    private final long pingIntervalMillis;

    public RedisTriggerNode() {
        this(PING_INTERVAL_MILLIS);
    }

    /** With another keep-alive interval (tests). */
    RedisTriggerNode(long pingIntervalMillis) {
        this.pingIntervalMillis = pingIntervalMillis;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return passEvent(ctx, "Redis Trigger", "a message {channel, message}");
    }

    @Override
    public String target(TriggerParams params) {
        return "Redis channels " + String.join(", ", channels(params));
    }

    /** n8n's reading of {@code channels}: comma-separated patterns; here also trimmed, empty ones dropped. */
    static List<String> channels(TriggerParams params) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : params.string("channels", "").split(",")) {
            String channel = part.strip();
            if (!channel.isEmpty()) {
                out.add(channel);
            }
        }
        if (out.isEmpty()) {
            throw new TriggerConfigException(params.node().name(), "channels", "Channels are mandatory");
        }
        return new ArrayList<>(out);
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
        List<String> channels = channels(params);
        boolean jsonParse = params.bool("options.jsonParseBody", false);
        boolean onlyMessage = params.bool("options.onlyMessage", false);
        ObjectNode cred = ctx.credentials("redis")
                .orElseThrow(() -> NodeException.user("credentials of type 'redis' are not set for this node"));
        Secrets secrets = Secrets.of(RedisCredential.DESCRIPTOR, cred);
        String where = cred.path("host").asText("localhost").strip() + ":"
                + cred.path("port").asInt(6379);
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        Jedis client;
        try {
            client = RedisNode.connect(policy, cred);
        } catch (NodeException e) {
            throw secrets.redact(e);
        }
        Listener listener =
                new Listener(ctx, params.node().name(), client, channels, where, secrets, jsonParse, onlyMessage);
        try {
            listener.start(pingIntervalMillis);
        } catch (RuntimeException e) {
            listener.close();
            throw e;
        }
        return listener::close;
    }

    /** n8n's item: {channel, message}; {message} alone with {@code onlyMessage}. */
    static ObjectNode item(String channel, String text, boolean jsonParse, boolean onlyMessage) {
        JsonNode message = Json.F.textNode(text);
        if (jsonParse) {
            try {
                JsonNode parsed = Json.reader().readTree(text);
                if (parsed != null && !parsed.isMissingNode()) {
                    message = parsed;
                }
            } catch (Exception e) {
                // as n8n: a body that is not JSON stays text
            }
        }
        ObjectNode out = Json.F.objectNode();
        if (!onlyMessage) {
            out.put("channel", channel);
        }
        out.set("message", message);
        return out;
    }

    /**
     * One subscribed connection: a reader thread blocked in PSUBSCRIBE hands each message to the host; a watchdog
     * PINGs a quiet connection every interval, and a connection that has not answered for two intervals (a peer that
     * went away without closing) is reported as broken, as is one that dropped.
     */
    private static final class Listener extends JedisPubSub {
        private final ListenContext ctx;
        private final String node;
        private final Jedis client;
        private final List<String> channels;
        private final String where;
        private final Secrets secrets;
        private final boolean jsonParse;
        private final boolean onlyMessage;
        private final CountDownLatch subscribed;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final AtomicBoolean reported = new AtomicBoolean();
        private volatile long lastHeard = System.nanoTime();
        /** While the host holds up an emit (back-pressure) the reader cannot take PONGs: not a dead connection. */
        private volatile boolean emitting;

        private Thread reader;
        private Thread watchdog;

        Listener(
                ListenContext ctx,
                String node,
                Jedis client,
                List<String> channels,
                String where,
                Secrets secrets,
                boolean jsonParse,
                boolean onlyMessage) {
            this.ctx = ctx;
            this.node = node;
            this.client = client;
            this.channels = channels;
            this.where = where;
            this.secrets = secrets;
            this.jsonParse = jsonParse;
            this.onlyMessage = onlyMessage;
            this.subscribed = new CountDownLatch(channels.size());
        }

        void start(long pingIntervalMillis) {
            reader = Thread.ofPlatform()
                    .daemon()
                    .name("redis-trigger-" + ctx.workflowId())
                    .start(this::read);
            try {
                if (!subscribed.await(SUBSCRIBE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) && failure.get() == null) {
                    failure.set(new IllegalStateException("no answer in time"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
            }
            Throwable failed = failure.get();
            if (failed != null) {
                throw NodeException.operational(
                        "subscribing at Redis at " + where + " failed: " + secrets.redact(RedisNode.reason(failed)),
                        null);
            }
            watchdog = Thread.ofVirtual()
                    .name("redis-trigger-ping-" + ctx.workflowId())
                    .start(() -> watch(pingIntervalMillis));
        }

        private void read() {
            try {
                client.psubscribe(this, channels.toArray(String[]::new));
                if (!closed.get()) {
                    lost("the server ended the subscription", null);
                }
            } catch (RuntimeException e) {
                if (subscribed.getCount() > 0) {
                    failure.compareAndSet(null, e);
                    while (subscribed.getCount() > 0) {
                        subscribed.countDown();
                    }
                } else if (!closed.get()) {
                    lost(RedisNode.reason(e), e);
                }
            }
        }

        private void watch(long interval) {
            while (!closed.get()) {
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException e) {
                    return;
                }
                if (closed.get()) {
                    return;
                }
                if (emitting) {
                    lastHeard = System.nanoTime();
                    continue;
                }
                long quiet = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard);
                if (quiet >= 2 * interval) {
                    lost("no answer to PING for " + quiet / 1000 + " s", null);
                    disconnect();
                    return;
                }
                try {
                    synchronized (this) {
                        ping();
                    }
                } catch (RuntimeException e) {
                    if (!closed.get()) {
                        lost(RedisNode.reason(e), e);
                        disconnect();
                    }
                    return;
                }
            }
        }

        private void lost(String why, Throwable cause) {
            if (!closed.get() && !reported.getAndSet(true)) {
                ctx.broken("connection to Redis at " + where + " lost: " + secrets.redact(why), cause);
            }
        }

        @Override
        public void onPSubscribe(String pattern, int subscribedChannels) {
            lastHeard = System.nanoTime();
            subscribed.countDown();
        }

        @Override
        public void onPong(String pattern) {
            lastHeard = System.nanoTime();
        }

        @Override
        public void onPMessage(String pattern, String channel, String message) {
            lastHeard = System.nanoTime();
            if (closed.get()) {
                return;
            }
            emitting = true;
            try {
                ctx.emit(List.of(Item.of(item(channel, message, jsonParse, onlyMessage))));
            } catch (ListenContext.EmitRefusedException e) {
                // Pub/Sub keeps nothing: the message is gone, as in n8n when an emit fails
                ctx.log().log(
                        Level.WARNING,
                        "Redis Trigger '" + node + "': message on '" + channel + "' not taken (lost): "
                                + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lastHeard = System.nanoTime();
                emitting = false;
            }
        }

        /** Ends the subscription (n8n: PUNSUBSCRIBE, QUIT) and waits for the reader; never throws. */
        void close() {
            if (closed.getAndSet(true)) {
                return;
            }
            if (watchdog != null) {
                watchdog.interrupt();
            }
            try {
                if (isSubscribed()) {
                    synchronized (this) {
                        punsubscribe();
                    }
                }
            } catch (RuntimeException e) {
                // the connection is gone already
            }
            if (reader != null) {
                try {
                    reader.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            disconnect();
            if (reader != null && reader.isAlive()) {
                try {
                    reader.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        /** Closes the socket, which ends a reader still blocked in PSUBSCRIBE. */
        private void disconnect() {
            try {
                client.getConnection().disconnect();
            } catch (RuntimeException e) {
                // nothing left to release
            }
            try {
                client.close();
            } catch (RuntimeException e) {
                // nothing left to release
            }
        }
    }
}
