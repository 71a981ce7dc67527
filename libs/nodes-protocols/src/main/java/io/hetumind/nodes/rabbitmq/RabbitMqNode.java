package io.hetumind.nodes.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeGroup;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.core.spi.PropertySpec;
import io.hetumind.nodes.credentials.Secrets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * RabbitMQ (n8n v1, 1.1, 1.2): sends one message per item to a queue (default exchange) or to an
 * exchange with a routing key, with headers and publish arguments, as n8n does. Like n8n the queue or
 * exchange must exist (a passive declare checks it first) unless the options ask to assert it. The
 * channel runs in publisher-confirm mode, so each item's {@code success} means the broker took the
 * message. {@code deleteMessage} acknowledges a message of a RabbitMQ Trigger in n8n; the trigger here
 * acknowledges such messages itself when the execution succeeds ({@link RabbitMqTriggerNode}), so it
 * passes the items through (see the README).
 */
public final class RabbitMqNode implements NodeType {

    public static final String TYPE = "hetumind.rabbitmq";

    private static final long CONFIRM_TIMEOUT_MILLIS = 30_000;

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1, 1.1, 1.2)
            .displayName("RabbitMQ")
            .description("Sends messages to a RabbitMQ topic")
            .group(NodeGroup.HTTP)
            .icon("rabbitmq")
            .alias("n8n-nodes-base.rabbitmq")
            .credential("rabbitmq", true)
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .noExpression()
                    .option("sendMessage", "Send a Message to RabbitMQ")
                    .option("deleteMessage", "Delete From Queue")
                    .defaultValue("sendMessage"))
            .property(PropertySpec.options("mode")
                    .displayName("Mode")
                    .option("queue", "Queue", "Publish data to queue")
                    .option("exchange", "Exchange", "Publish data to exchange")
                    .defaultValue("queue")
                    .description("To where data should be moved")
                    .hideWhen("operation", "deleteMessage"))
            .property(PropertySpec.string("queue")
                    .displayName("Queue / Topic")
                    .defaultValue("")
                    .placeholder("queue-name")
                    .description("Name of the queue to publish to")
                    .showWhen("mode", "queue"))
            .property(PropertySpec.string("exchange")
                    .displayName("Exchange")
                    .defaultValue("")
                    .placeholder("exchange-name")
                    .description("Name of the exchange to publish to")
                    .showWhen("mode", "exchange"))
            .property(PropertySpec.options("exchangeType")
                    .displayName("Type")
                    .option("direct", "Direct", "Direct exchange type")
                    .option("topic", "Topic", "Topic exchange type")
                    .option("headers", "Headers", "Headers exchange type")
                    .option("fanout", "Fanout", "Fanout exchange type")
                    .defaultValue("fanout")
                    .description("Type of exchange")
                    .showWhen("mode", "exchange"))
            .property(PropertySpec.string("routingKey")
                    .displayName("Routing Key")
                    .defaultValue("")
                    .placeholder("routing-key")
                    .description("The routing key for the message (per item from v1.2, the first item's before)")
                    .showWhen("mode", "exchange"))
            .property(PropertySpec.bool("sendInputData")
                    .displayName("Send Input Data")
                    .defaultValue(true)
                    .description("Whether to send the data the node receives as JSON")
                    .showWhen("operation", "sendMessage"))
            .property(PropertySpec.string("message")
                    .displayName("Message")
                    .defaultValue("")
                    .description("The message to be sent")
                    .showWhen("sendInputData", false))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .showWhen("operation", "sendMessage")
                    .child(PropertySpec.string("alternateExchange")
                            .displayName("Alternate Exchange")
                            .defaultValue("")
                            .description("An exchange to send messages to if this exchange can't route them to any"
                                    + " queues (used when the exchange is asserted)"))
                    .child(keyValues("arguments", "argument", "Arguments", "Add Argument")
                            .description("Publish properties: contentType, contentEncoding, correlationId, replyTo,"
                                    + " expiration, messageId, type, userId, appId, priority, persistent,"
                                    + " deliveryMode, timestamp"))
                    .child(PropertySpec.bool("autoDelete")
                            .displayName("Auto Delete Queue")
                            .defaultValue(false)
                            .description(
                                    "Whether the queue will be deleted when the number of consumers drops to zero"))
                    .child(PropertySpec.bool("durable")
                            .displayName("Durable")
                            .defaultValue(true)
                            .description("Whether the queue will survive broker restarts"))
                    .child(PropertySpec.bool("exclusive")
                            .displayName("Exclusive")
                            .defaultValue(false)
                            .description("Whether to scope the queue to the connection"))
                    .child(keyValues("headers", "header", "Headers", "Add Header")
                            .description("Headers to add")))
            .build();

    static PropertySpec.Builder keyValues(String name, String entry, String label, String add) {
        return PropertySpec.fixedCollection(name)
                .displayName(label)
                .multipleValues()
                .addButtonText(add)
                .child(PropertySpec.collection(entry)
                        .displayName(entry.substring(0, 1).toUpperCase() + entry.substring(1))
                        .child(PropertySpec.string("key").displayName("Key").defaultValue(""))
                        .child(PropertySpec.string("value").displayName("Value").defaultValue("")));
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        List<Item> items = ctx.items();
        String operation = ctx.param("operation", 0, String.class, "sendMessage");
        if (operation.equals("deleteMessage")) {
            // n8n hands the first item to the RabbitMQ Trigger that delivered it; ours acknowledges on success itself
            return NodeResult.of(items);
        }
        if (!operation.equals("sendMessage")) {
            throw NodeException.user("parameter 'operation': '" + operation + "' is not supported");
        }
        ObjectNode cred = ctx.credentials("rabbitmq")
                .orElseThrow(() -> NodeException.user("credentials of type 'rabbitmq' are not set for this node"));
        Secrets secrets = Secrets.of(RabbitMqCredential.DESCRIPTOR, cred);
        String mode = ctx.param("mode", 0, String.class, "queue");
        if (mode.isEmpty()) {
            mode = "queue";
        }
        if (!mode.equals("queue") && !mode.equals("exchange")) {
            throw NodeException.user("The operation \"" + mode + "\" is not known!");
        }
        Connection connection =
                RabbitMq.connect(ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll), cred);
        try {
            return send(ctx, connection, mode, items, secrets);
        } catch (NodeException e) {
            throw secrets.redact(e);
        } finally {
            try {
                connection.close(5_000);
            } catch (IOException | RuntimeException e) {
                // the messages were confirmed already; a failing close loses nothing
            }
        }
    }

    private static NodeResult send(
            NodeContext ctx, Connection connection, String mode, List<Item> items, Secrets secrets) {
        double version = ctx.node().typeVersion();
        JsonNode options0 = options(ctx, 0);
        String target = ctx.param(mode.equals("queue") ? "queue" : "exchange", 0, String.class, "");
        Channel channel;
        try {
            channel = connection.createChannel();
            if (mode.equals("queue")) {
                if (options0.path("assertQueue").asBoolean(false)) {
                    channel.queueDeclare(
                            target,
                            options0.path("durable").asBoolean(true),
                            options0.path("exclusive").asBoolean(false),
                            options0.path("autoDelete").asBoolean(false),
                            null);
                } else {
                    channel.queueDeclarePassive(target);
                }
            } else {
                if (options0.path("assertExchange").asBoolean(false)) {
                    String type = ctx.param("exchangeType", 0, String.class, "fanout");
                    Map<String, Object> args = new LinkedHashMap<>();
                    String alternate = options0.path("alternateExchange").asText("");
                    if (!alternate.isEmpty()) {
                        args.put("alternate-exchange", alternate);
                    }
                    channel.exchangeDeclare(
                            target,
                            type,
                            options0.path("durable").asBoolean(true),
                            options0.path("autoDelete").asBoolean(false),
                            args);
                } else {
                    channel.exchangeDeclarePassive(target);
                }
            }
            channel.confirmSelect();
        } catch (IOException | RuntimeException e) {
            throw new NodeException(
                    RabbitMq.isChannelError(e) ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                    "RabbitMQ: " + RabbitMq.reason(e),
                    -1,
                    null,
                    null);
        }
        boolean sendInputData = ctx.param("sendInputData", 0, Boolean.class, true);
        boolean anyHeaders = options0.path("headers").path("header").size() > 0;
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                String message =
                        sendInputData ? Json.write(items.get(i).json()) : ctx.param("message", i, String.class, "");
                Map<String, Object> headers = new LinkedHashMap<>();
                if (anyHeaders) {
                    for (JsonNode h : options(ctx, i).path("headers").path("header")) {
                        headers.put(h.path("key").asText(""), h.path("value").asText(""));
                    }
                }
                AMQP.BasicProperties props = properties(options0, headers, i);
                byte[] body = message.getBytes(StandardCharsets.UTF_8);
                if (mode.equals("queue")) {
                    channel.basicPublish("", target, props, body);
                } else {
                    String routingKey = ctx.param("routingKey", version >= 1.2 ? i : 0, String.class, "");
                    channel.basicPublish(target, routingKey, props, body);
                }
                channel.waitForConfirmsOrDie(CONFIRM_TIMEOUT_MILLIS);
                out.add(new Item(Json.object().put("success", true), null, new PairedItem(i, 0)));
            } catch (IOException | TimeoutException | RuntimeException e) {
                NodeException err = e instanceof NodeException ne
                        ? ne
                        : new NodeException(
                                ErrorKind.OPERATIONAL,
                                "RabbitMQ: " + RabbitMq.reason(e) + " [item " + i + "]",
                                i,
                                null,
                                null);
                if (!ctx.continueOnFail() || !channel.isOpen()) {
                    throw err;
                }
                errors.add(new Item(
                        Json.object().put("error", secrets.redact(err.getMessage())), null, new PairedItem(i, 0)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw NodeException.operational("RabbitMQ: interrupted while waiting for the broker's confirm", e);
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static JsonNode options(NodeParameters ctx, int i) {
        JsonNode o = ctx.paramTree("options", i);
        return o == null ? Json.object() : o;
    }

    /** amqplib's publish options given as n8n's key/value arguments, as AMQP basic properties. */
    private static AMQP.BasicProperties properties(JsonNode options, Map<String, Object> headers, int i) {
        AMQP.BasicProperties.Builder b = new AMQP.BasicProperties.Builder().headers(headers);
        for (JsonNode a : options.path("arguments").path("argument")) {
            String key = a.path("key").asText("");
            String value = a.path("value").asText("");
            try {
                switch (key) {
                    case "contentType" -> b.contentType(value);
                    case "contentEncoding" -> b.contentEncoding(value);
                    case "correlationId" -> b.correlationId(value);
                    case "replyTo" -> b.replyTo(value);
                    case "expiration" -> b.expiration(value);
                    case "messageId" -> b.messageId(value);
                    case "type" -> b.type(value);
                    case "userId" -> b.userId(value);
                    case "appId" -> b.appId(value);
                    case "priority" -> b.priority(Integer.parseInt(value.strip()));
                    case "deliveryMode" -> b.deliveryMode(Integer.parseInt(value.strip()));
                    case "persistent" -> b.deliveryMode(isTrue(value) ? 2 : 1);
                    case "timestamp" -> b.timestamp(new Date(Long.parseLong(value.strip())));
                    default -> {
                        // amqplib ignores publish options it does not know
                    }
                }
            } catch (NumberFormatException e) {
                throw NodeException.user("argument '" + key + "': '" + value + "' is not a number [item " + i + "]", i);
            }
        }
        return b.build();
    }

    private static boolean isTrue(String value) {
        return !value.isEmpty() && !value.equals("false") && !value.equals("0");
    }
}
