package io.hetumind.nodes.rabbitmq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.ErrorKind;
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
import io.hetumind.core.spi.trigger.TriggerKind;
import io.hetumind.core.spi.trigger.TriggerParams;
import io.hetumind.core.spi.trigger.TriggerSpec;
import io.hetumind.nodes.credentials.Secrets;
import java.io.IOException;
import java.time.Duration;

/**
 * RabbitMQ Trigger (n8n v1): consumes a queue (checked, or asserted and bound to exchanges) and starts one execution
 * per message with n8n's item {@code {fields, properties, content}}. When the message is acknowledged follows n8n's
 * {@code options.acknowledge}: on acceptance ({@code immediately}) or once the execution finished, as far as the host
 * can follow it ({@link ListenContext#emitAndFollow}); a failed execution puts the message back when only success may
 * remove it. The connection is the RabbitMQ node's ({@link RabbitMq#connect}): checked by the network policy.
 */
public final class RabbitMqTriggerNode implements NodeType, ListenTrigger {

    public static final String TYPE = "hetumind.rabbitmqTrigger";

    /** As n8n: executions running when the listener closes get this long to finish and be acknowledged. */
    private static final Duration DRAIN = Duration.ofMinutes(5);

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("RabbitMQ Trigger")
            .description("Listens to RabbitMQ messages")
            .group(NodeGroup.TRIGGER)
            .icon("rabbitmq")
            .alias("n8n-nodes-base.rabbitmqTrigger")
            .trigger(TriggerSpec.of(TriggerKind.LISTEN, "Starts the workflow for each message in the queue")
                    .with("queue", "queue"))
            .credential("rabbitmq", true)
            .property(PropertySpec.string("queue")
                    .displayName("Queue / Topic")
                    .defaultValue("")
                    .placeholder("queue-name")
                    .description("The name of the queue to read from"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .child(RabbitMqNode.keyValues("arguments", "argument", "Arguments", "Add Argument")
                            .description("Queue arguments (e.g. x-message-ttl) used when the queue is asserted"))
                    .child(PropertySpec.bool("assertExchange")
                            .displayName("Assert Exchange")
                            .defaultValue(true)
                            .description("Whether to assert the exchange exists before sending"))
                    .child(PropertySpec.bool("assertQueue")
                            .displayName("Assert Queue")
                            .defaultValue(true)
                            .description("Whether to assert the queue exists before sending"))
                    .child(PropertySpec.bool("autoDelete")
                            .displayName("Auto Delete Queue")
                            .defaultValue(false)
                            .description(
                                    "Whether the queue will be deleted when the number of consumers drops to zero"))
                    .child(PropertySpec.fixedCollection("binding")
                            .displayName("Binding")
                            .placeholder("Add Binding")
                            .description("Add binding to queu")
                            .multipleValues()
                            .child(PropertySpec.collection("bindings")
                                    .displayName("Binding")
                                    .child(PropertySpec.string("exchange")
                                            .displayName("Exchange")
                                            .defaultValue("")
                                            .placeholder("exchange"))
                                    .child(PropertySpec.string("routingKey")
                                            .displayName("RoutingKey")
                                            .defaultValue("")
                                            .placeholder("routing-key"))))
                    .child(PropertySpec.bool("contentIsBinary")
                            .displayName("Content Is Binary")
                            .defaultValue(false)
                            .description("Whether to save the content as binary"))
                    .child(PropertySpec.options("acknowledge")
                            .displayName("Delete From Queue When")
                            .option(
                                    "executionFinishes",
                                    "Execution Finishes",
                                    "After the workflow execution finished. No matter if the execution was successful"
                                            + " or not.")
                            .option(
                                    "executionFinishesSuccessfully",
                                    "Execution Finishes Successfully",
                                    "After the workflow execution finished successfully")
                            .option("immediately", "Immediately", "As soon as the message got received")
                            .option(
                                    "laterMessageNode",
                                    "Specified Later in Workflow",
                                    "Using a RabbitMQ node to remove the item from the queue (here: when the execution"
                                            + " finished successfully)")
                            .defaultValue("immediately")
                            .description("When to acknowledge the message"))
                    .child(PropertySpec.bool("durable")
                            .displayName("Durable")
                            .defaultValue(true)
                            .description("Whether the queue will survive broker restarts"))
                    .child(PropertySpec.bool("exclusive")
                            .displayName("Exclusive")
                            .defaultValue(false)
                            .description("Whether to scope the queue to the connection"))
                    .child(RabbitMqNode.keyValues("headers", "header", "Headers", "Add Header")
                            .description("Headers to add (n8n's trigger does not use them)"))
                    .child(PropertySpec.bool("jsonParseBody")
                            .displayName("JSON Parse Body")
                            .defaultValue(false)
                            .description("Whether to parse the body to an object")
                            .hideWhen("contentIsBinary", true))
                    .child(PropertySpec.bool("onlyContent")
                            .displayName("Only Content")
                            .defaultValue(false)
                            .description("Whether to return only the content property")
                            .hideWhen("contentIsBinary", true))
                    .child(PropertySpec.number("parallelMessages")
                            .displayName("Parallel Message Processing Limit")
                            .defaultValue(-1)
                            .description("Max number of executions at a time. Use -1 for no limit.")
                            .hideWhen("acknowledge", "immediately")))
            .build();

    private final Duration drain;

    public RabbitMqTriggerNode() {
        this(DRAIN);
    }

    RabbitMqTriggerNode(Duration drain) {
        this.drain = drain;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        return passEvent(ctx, "RabbitMQ Trigger", "a message {fields, properties, content}");
    }

    @Override
    public String target(TriggerParams params) {
        TriggerSettings s = TriggerSettings.read(params);
        return "RabbitMQ queue " + (s.queue().isEmpty() ? "(named by the broker)" : s.queue());
    }

    @Override
    public AutoCloseable listen(TriggerParams params, ListenContext ctx) {
        TriggerSettings settings = TriggerSettings.read(params);
        String node = params.node().name();
        ObjectNode cred = ctx.credentials("rabbitmq")
                .orElseThrow(() -> NodeException.user("credentials of type 'rabbitmq' are not set for this node"));
        Secrets secrets = Secrets.of(RabbitMqCredential.DESCRIPTOR, cred);
        BinaryStore binaries = null;
        if (settings.contentIsBinary()) {
            binaries = ctx.service(BinaryStore.class)
                    .orElseThrow(() -> NodeException.user("RabbitMQ Trigger '" + node
                            + "': 'Content Is Binary' needs a binary store, and this host keeps no binary data"));
        }
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        Connection connection;
        try {
            connection = RabbitMq.connect(policy, cred);
        } catch (NodeException e) {
            throw secrets.redact(e);
        }
        String where = RabbitMq.where(cred);
        try {
            Channel channel = connection.createChannel();
            String queue = prepare(channel, settings);
            RabbitMqConsumer consumer =
                    new RabbitMqConsumer(channel, node, queue, where, settings, binaries, ctx, secrets, drain);
            consumer.start();
            return consumer;
        } catch (IOException | RuntimeException e) {
            RabbitMq.close(connection);
            if (e instanceof NodeException ne) {
                throw secrets.redact(ne);
            }
            throw new NodeException(
                    RabbitMq.isChannelError(e) ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                    secrets.redact("RabbitMQ at " + where + ": " + RabbitMq.reason(e)),
                    -1,
                    null,
                    null);
        }
    }

    /**
     * n8n's {@code rabbitmqConnectQueue}: asserts the queue when asked (an empty name asks the broker for one) or
     * checks it exists, binds it to each exchange, and limits unacknowledged messages to {@code parallelMessages}.
     */
    private static String prepare(Channel channel, TriggerSettings s) throws IOException {
        String queue = s.queue();
        if (s.assertQueue()) {
            AMQP.Queue.DeclareOk ok =
                    channel.queueDeclare(queue, s.durable(), s.exclusive(), s.autoDelete(), s.queueArguments());
            queue = ok.getQueue();
        } else {
            channel.queueDeclarePassive(queue);
        }
        for (TriggerSettings.Binding b : s.bindings()) {
            channel.queueBind(queue, b.exchange(), b.routingKey());
        }
        if (s.parallelMessages() != -1) {
            channel.basicQos(s.parallelMessages());
        }
        return queue;
    }
}
