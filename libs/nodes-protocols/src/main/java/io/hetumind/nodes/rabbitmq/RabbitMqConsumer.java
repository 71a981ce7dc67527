package io.hetumind.nodes.rabbitmq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.trigger.ListenContext;
import io.hetumind.core.spi.trigger.ListenContext.ExecutionEnd;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.files.BinaryFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One RabbitMQ Trigger listening: consumes the queue with manual acknowledgements and hands each message to the host.
 * Closing cancels the consumer at once; the connection stays open while executions it started are still to be
 * acknowledged (at most the drain time, as n8n's five minutes), so their messages are not delivered twice.
 */
final class RabbitMqConsumer extends DefaultConsumer implements AutoCloseable {

    private final Channel channel;
    private final String node;
    private final String queue;
    private final String where;
    private final TriggerSettings settings;
    private final BinaryStore binaries;
    private final ListenContext ctx;
    private final Secrets secrets;
    private final Duration drain;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean warnedUnfollowed = new AtomicBoolean();
    private final Object acks = new Object();
    private final Object wire = new Object();
    private int inFlight;
    private volatile String consumerTag;

    RabbitMqConsumer(
            Channel channel,
            String node,
            String queue,
            String where,
            TriggerSettings settings,
            BinaryStore binaries,
            ListenContext ctx,
            Secrets secrets,
            Duration drain) {
        super(channel);
        this.channel = channel;
        this.node = node;
        this.queue = queue;
        this.where = where;
        this.settings = settings;
        this.binaries = binaries;
        this.ctx = ctx;
        this.secrets = secrets;
        this.drain = drain;
    }

    void start() throws IOException {
        consumerTag = channel.basicConsume(queue, false, this);
    }

    @Override
    public void handleDelivery(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body) {
        long deliveryTag = envelope.getDeliveryTag();
        // every delivery counts until it is answered, so that closing waits for it: a message taken and then closed
        // on before its acknowledgement went out would be delivered again and run twice
        synchronized (acks) {
            if (closing.get()) {
                return; // not taken: the broker delivers it again to the next consumer
            }
            inFlight++;
        }
        boolean followed = false;
        try {
            followed = take(tag, envelope, props, body, deliveryTag);
        } finally {
            if (!followed) {
                settle();
            }
        }
    }

    /** Takes one delivery; true when its answer waits for the execution's end (which settles it then). */
    private boolean take(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body, long deliveryTag) {
        Item item;
        try {
            item = item(tag, envelope, props, body);
        } catch (RabbitMqMessages.NotJson e) {
            // n8n logs and never acknowledges it; rejecting dead-letters it (if the queue has a dead-letter exchange)
            // instead of holding it until the connection closes and then delivering it again, forever
            warn("message " + deliveryTag + " rejected: " + e.getMessage());
            answer(deliveryTag, false, false);
            return false;
        } catch (IOException e) {
            warn("message " + deliveryTag + " left in the queue: storing its content failed: " + e.getMessage());
            return false;
        }
        try {
            if (settings.ack() == TriggerSettings.Ack.IMMEDIATELY) {
                ctx.emit(List.of(item));
                answer(deliveryTag, true, false);
                return false;
            }
            Optional<CompletionStage<ExecutionEnd>> end = ctx.emitAndFollow(List.of(item));
            if (end.isEmpty()) {
                if (!warnedUnfollowed.getAndSet(true)) {
                    ctx.log().log(
                            Level.INFO,
                            "RabbitMQ Trigger '" + node + "': this host cannot tell when executions finish, so"
                                    + " messages are acknowledged once their execution is queued");
                }
                answer(deliveryTag, true, false);
                return false;
            }
            end.get().whenComplete((finished, error) -> {
                if (error != null || (!finished.succeeded() && settings.ack().onlyOnSuccess())) {
                    answer(deliveryTag, false, true); // as n8n's nack: back into the queue
                } else {
                    answer(deliveryTag, true, false);
                }
                settle();
            });
            return true;
        } catch (ListenContext.EmitRefusedException e) {
            // left unacknowledged: the broker delivers it again once this connection closes
            warn("message " + deliveryTag + " not taken: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Item item(String tag, Envelope envelope, AMQP.BasicProperties props, byte[] body)
            throws RabbitMqMessages.NotJson, IOException {
        ObjectNode json = RabbitMqMessages.json(
                tag,
                envelope,
                props,
                body,
                settings.contentIsBinary(),
                settings.jsonParseBody(),
                settings.onlyContent());
        if (!settings.contentIsBinary()) {
            return Item.of(json);
        }
        // n8n's prepareBinaryData without a name: the type sniffed from the bytes, else text/plain
        String mime = BinaryFiles.mimeFor(null, body);
        String ext = BinaryFiles.extensionFor(mime);
        BinaryRef ref = binaries.put(
                "rabbitmqTrigger-" + UUID.randomUUID(),
                new ByteArrayInputStream(body),
                mime,
                ext == null ? "file" : "file." + ext);
        return Item.of(json).withBinary(Map.of("data", ref));
    }

    /** Acknowledges (or rejects, with or without requeueing) once; a channel that closed meanwhile returns it. */
    private void answer(long deliveryTag, boolean ack, boolean requeue) {
        try {
            synchronized (wire) {
                if (!channel.isOpen()) {
                    return;
                }
                if (ack) {
                    channel.basicAck(deliveryTag, false);
                } else {
                    channel.basicNack(deliveryTag, false, requeue);
                }
            }
        } catch (IOException | RuntimeException e) {
            // the broker delivers unacknowledged messages again once the channel is gone
            warn("message " + deliveryTag + " could not be " + (ack ? "acknowledged" : "returned") + ": "
                    + RabbitMq.reason(e));
        }
    }

    private void settle() {
        synchronized (acks) {
            inFlight--;
            acks.notifyAll();
        }
    }

    private void warn(String what) {
        ctx.log().log(
                Level.WARNING, "RabbitMQ Trigger '" + node + "' on queue '" + queue + "': " + secrets.redact(what));
    }

    @Override
    public void handleCancel(String tag) {
        if (!closing.get()) {
            ctx.broken(
                    "RabbitMQ at " + where + " cancelled the consumer of queue '" + queue + "' (was it deleted?)",
                    null);
        }
    }

    @Override
    public void handleShutdownSignal(String tag, ShutdownSignalException sig) {
        if (!closing.get()) {
            ctx.broken("connection to RabbitMQ at " + where + " lost: " + secrets.redact(RabbitMq.reason(sig)), sig);
        }
    }

    /**
     * Stops taking messages now; closes the connection once every execution still to be acknowledged has finished, or
     * after the drain time (the broker then delivers their messages again).
     */
    @Override
    public void close() {
        if (closing.getAndSet(true)) {
            return;
        }
        try {
            if (consumerTag != null && channel.isOpen()) {
                channel.basicCancel(consumerTag);
            }
        } catch (IOException | RuntimeException e) {
            // a channel that is gone takes no more messages either
        }
        boolean idle;
        synchronized (acks) {
            idle = inFlight == 0;
        }
        if (idle || !channel.getConnection().isOpen()) {
            RabbitMq.close(channel.getConnection());
            return;
        }
        Thread.ofVirtual().name("rabbitmq-trigger-drain").start(() -> {
            long until = System.nanoTime() + drain.toNanos();
            synchronized (acks) {
                try {
                    for (long left; inFlight > 0 && (left = until - System.nanoTime()) > 0; ) {
                        acks.wait(Math.max(1, left / 1_000_000));
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            RabbitMq.close(channel.getConnection());
        });
    }
}
