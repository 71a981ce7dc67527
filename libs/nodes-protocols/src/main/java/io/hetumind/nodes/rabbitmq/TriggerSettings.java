package io.hetumind.nodes.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.trigger.TriggerConfigException;
import io.hetumind.core.spi.trigger.TriggerParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The RabbitMQ Trigger's parameters as n8n reads them, checked once before anything connects: a bad acknowledge mode
 * or parallel limit is refused by name.
 */
record TriggerSettings(
        String queue,
        boolean contentIsBinary,
        boolean jsonParseBody,
        boolean onlyContent,
        Ack ack,
        int parallelMessages,
        boolean assertQueue,
        boolean durable,
        boolean exclusive,
        boolean autoDelete,
        Map<String, Object> queueArguments,
        List<Binding> bindings) {

    /** When a message is acknowledged: n8n's {@code options.acknowledge}. */
    enum Ack {
        IMMEDIATELY("immediately"),
        EXECUTION_FINISHES("executionFinishes"),
        EXECUTION_FINISHES_SUCCESSFULLY("executionFinishesSuccessfully"),
        LATER_MESSAGE_NODE("laterMessageNode");

        final String value;

        Ack(String value) {
            this.value = value;
        }

        /** Whether a failed execution puts the message back instead of removing it. */
        boolean onlyOnSuccess() {
            return this == EXECUTION_FINISHES_SUCCESSFULLY || this == LATER_MESSAGE_NODE;
        }
    }

    /** A binding of the queue to an exchange. */
    record Binding(String exchange, String routingKey) {}

    private static final Set<String> NUMERIC_ARGUMENTS = Set.of(
            "x-message-ttl",
            "x-expires",
            "x-max-length",
            "x-max-length-bytes",
            "x-max-priority",
            "x-delivery-limit",
            "x-initial-cluster-size",
            "x-max-age-bytes");

    static TriggerSettings read(TriggerParams p) {
        String node = p.node().name();
        String queue = p.string("queue", "").strip();
        boolean assertQueue = p.bool("options.assertQueue", false);
        if (queue.isEmpty() && !assertQueue) {
            throw new TriggerConfigException(
                    node, "queue", "Queue / Topic is mandatory (or set Assert Queue to let the broker name one)");
        }
        String ackText = p.string("options.acknowledge", "immediately");
        Ack ack = null;
        for (Ack a : Ack.values()) {
            if (a.value.equals(ackText)) {
                ack = a;
            }
        }
        if (ack == null) {
            throw new TriggerConfigException(
                    node,
                    "options.acknowledge",
                    "'" + ackText + "' is not one of immediately, executionFinishes, executionFinishesSuccessfully,"
                            + " laterMessageNode");
        }
        double parallel = p.number("options.parallelMessages", -1);
        if (Double.isNaN(parallel)
                || parallel == 0
                || parallel < -1
                || parallel != Math.rint(parallel)
                || parallel > 65_535) {
            throw new TriggerConfigException(
                    node,
                    "options.parallelMessages",
                    "Parallel message processing limit must be a number greater than zero (or -1 for no limit)");
        }
        if (parallel != -1 && ack == Ack.IMMEDIATELY) {
            // as n8n: a limit counts running executions, so messages wait for theirs to finish
            ack = Ack.EXECUTION_FINISHES;
        }
        return new TriggerSettings(
                queue,
                p.bool("options.contentIsBinary", false),
                p.bool("options.jsonParseBody", false),
                p.bool("options.onlyContent", false),
                ack,
                (int) parallel,
                assertQueue,
                p.bool("options.durable", true),
                p.bool("options.exclusive", false),
                p.bool("options.autoDelete", false),
                arguments(p),
                bindings(p));
    }

    /** Queue arguments from n8n's key/value list: numbers where RabbitMQ wants numbers, else text. */
    private static Map<String, Object> arguments(TriggerParams p) {
        Map<String, Object> out = new LinkedHashMap<>();
        JsonNode list = p.tree("options.arguments.argument");
        if (list == null) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String key =
                    p.string("options.arguments.argument." + i + ".key", "").strip();
            String value = p.string("options.arguments.argument." + i + ".value", "");
            if (key.isEmpty()) {
                continue;
            }
            if (NUMERIC_ARGUMENTS.contains(key)) {
                try {
                    out.put(key, Long.parseLong(value.strip()));
                } catch (NumberFormatException e) {
                    throw new TriggerConfigException(
                            p.node().name(),
                            "options.arguments",
                            "'" + key + "' must be a whole number, not '" + value + "'");
                }
            } else {
                out.put(key, value);
            }
        }
        return out;
    }

    private static List<Binding> bindings(TriggerParams p) {
        List<Binding> out = new ArrayList<>();
        JsonNode list = p.tree("options.binding.bindings");
        if (list == null) {
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            String exchange =
                    p.string("options.binding.bindings." + i + ".exchange", "").strip();
            String routingKey = p.string("options.binding.bindings." + i + ".routingKey", "");
            if (exchange.isEmpty()) {
                throw new TriggerConfigException(
                        p.node().name(), "options.binding", "binding " + (i + 1) + " names no exchange");
            }
            out.add(new Binding(exchange, routingKey));
        }
        return out;
    }
}
