package io.hetumind.nodes.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.LongString;
import io.hetumind.core.spi.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A delivered message as n8n's RabbitMQ Trigger hands it on: amqplib's message object {@code {fields, properties,
 * content}}, with the values amqplib decodes (text for strings, seconds for timestamps, numbers, nested tables).
 */
final class RabbitMqMessages {

    private static final JsonNodeFactory F = Json.F;

    private RabbitMqMessages() {}

    /** The content was to be parsed as JSON and is not JSON. */
    static final class NotJson extends Exception {
        NotJson(String message) {
            super(message);
        }
    }

    /**
     * The item's JSON: {@code {fields, properties, content}}; without {@code content} when it is kept as binary;
     * with only the content when {@code onlyContent} (an object as it is, anything else as {@code {content}}, since an
     * item's JSON is an object).
     */
    static ObjectNode json(
            String consumerTag,
            Envelope envelope,
            AMQP.BasicProperties props,
            byte[] body,
            boolean binary,
            boolean jsonParse,
            boolean onlyContent)
            throws NotJson {
        JsonNode content = null;
        if (!binary) {
            String text = new String(body, StandardCharsets.UTF_8);
            content = jsonParse ? parse(text) : F.textNode(text);
            if (onlyContent) {
                return content instanceof ObjectNode o ? o : F.objectNode().set("content", content);
            }
        }
        ObjectNode out = F.objectNode();
        ObjectNode fields = out.putObject("fields");
        fields.put("consumerTag", consumerTag);
        fields.put("deliveryTag", envelope.getDeliveryTag());
        fields.put("redelivered", envelope.isRedeliver());
        fields.put("exchange", envelope.getExchange());
        fields.put("routingKey", envelope.getRoutingKey());
        out.set("properties", properties(props));
        if (content != null) {
            out.set("content", content);
        }
        return out;
    }

    private static JsonNode parse(String text) throws NotJson {
        try {
            JsonNode parsed = Json.reader().readTree(text);
            if (parsed == null || parsed.isMissingNode()) {
                throw new NotJson("the content is empty, not JSON");
            }
            return parsed;
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new NotJson("the content is not JSON: " + e.getOriginalMessage());
        }
    }

    /** The properties the message carries, in amqplib's order and names; absent ones are left out, as n8n shows. */
    static ObjectNode properties(AMQP.BasicProperties p) {
        ObjectNode out = F.objectNode();
        if (p == null) {
            return out;
        }
        putText(out, "contentType", p.getContentType());
        putText(out, "contentEncoding", p.getContentEncoding());
        if (p.getHeaders() != null) {
            out.set("headers", value(p.getHeaders()));
        }
        if (p.getDeliveryMode() != null) {
            out.put("deliveryMode", p.getDeliveryMode());
        }
        if (p.getPriority() != null) {
            out.put("priority", p.getPriority());
        }
        putText(out, "correlationId", p.getCorrelationId());
        putText(out, "replyTo", p.getReplyTo());
        putText(out, "expiration", p.getExpiration());
        putText(out, "messageId", p.getMessageId());
        if (p.getTimestamp() != null) {
            out.put("timestamp", p.getTimestamp().getTime() / 1000);
        }
        putText(out, "type", p.getType());
        putText(out, "userId", p.getUserId());
        putText(out, "appId", p.getAppId());
        putText(out, "clusterId", p.getClusterId());
        return out;
    }

    private static void putText(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    /** An AMQP table value as amqplib decodes it. */
    static JsonNode value(Object v) {
        return switch (v) {
            case null -> F.nullNode();
            case LongString s -> F.textNode(new String(s.getBytes(), StandardCharsets.UTF_8));
            case String s -> F.textNode(s);
            case Boolean b -> F.booleanNode(b);
            case Byte b -> F.numberNode(b);
            case Short s -> F.numberNode(s);
            case Integer i -> F.numberNode(i);
            case Long l -> F.numberNode(l);
            case Float f -> F.numberNode(f);
            case Double d -> F.numberNode(d);
            case BigDecimal d -> {
                ObjectNode dec = F.objectNode().put("!", "decimal");
                dec.putObject("value").put("places", d.scale()).put("digits", d.unscaledValue());
                yield dec;
            }
            case Date d -> F.numberNode(d.getTime() / 1000);
            case byte[] bytes -> {
                // a Node.js Buffer as JSON
                ObjectNode buf = F.objectNode().put("type", "Buffer");
                ArrayNode data = buf.putArray("data");
                for (byte b : bytes) {
                    data.add(b & 0xff);
                }
                yield buf;
            }
            case Map<?, ?> m -> {
                ObjectNode o = F.objectNode();
                m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
                yield o;
            }
            case List<?> l -> {
                ArrayNode a = F.arrayNode();
                l.forEach(x -> a.add(value(x)));
                yield a;
            }
            default -> F.textNode(v.toString());
        };
    }
}
