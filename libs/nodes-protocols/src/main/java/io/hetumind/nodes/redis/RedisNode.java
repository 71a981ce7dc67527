package io.hetumind.nodes.redis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import io.hetumind.nodes.internal.JsonPaths;
import io.hetumind.nodes.net.TlsClient;
import io.hetumind.nodes.protocols.Endpoints;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Redis (n8n v1): info, delete, get, set, incr, keys, llen, push, pop and publish over one
 * connection per node run. Per item, as n8n: a failing command fails the node, or becomes an error
 * item when the node continues on failure. The server is resolved and checked by the host's network
 * policy and the client connects to that address.
 */
public final class RedisNode implements NodeType {

    public static final String TYPE = "hetumind.redis";

    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    private static final int SOCKET_TIMEOUT_MILLIS = 30_000;
    private static final Pattern NUMBER = Pattern.compile("^[\\d.]+$");

    private static final String[] KEY_OPS = {"delete", "get", "incr", "set"};

    private static final NodeDescriptor DESCRIPTOR = NodeDescriptor.builder(TYPE)
            .versions(1)
            .displayName("Redis")
            .description("Get, send and update data in Redis")
            .group(NodeGroup.DB)
            .icon("database")
            .alias("n8n-nodes-base.redis")
            .credential("redis", true)
            .property(PropertySpec.options("operation")
                    .displayName("Operation")
                    .noExpression()
                    .option("delete", "Delete", "Delete a key from Redis")
                    .option("get", "Get", "Get the value of a key from Redis")
                    .option(
                            "incr",
                            "Increment",
                            "Atomically increments a key by 1. Creates the key if it does not exist.")
                    .option("info", "Info", "Returns generic information about the Redis instance")
                    .option("keys", "Keys", "Returns all the keys matching a pattern")
                    .option("llen", "List Length", "Returns the length of a list")
                    .option("pop", "Pop", "Pop data from a redis list")
                    .option("publish", "Publish", "Publish message to redis channel")
                    .option("push", "Push", "Push data to a redis list")
                    .option("set", "Set", "Set the value of a key in redis")
                    .defaultValue("info"))
            .property(PropertySpec.string("propertyName")
                    .displayName("Name")
                    .defaultValue("propertyName")
                    .description("Name of the property to write received data to. Supports dot-notation.")
                    .showWhen("operation", "get", "pop"))
            .property(PropertySpec.string("key")
                    .displayName("Key")
                    .defaultValue("")
                    .required()
                    .description("Name of the key")
                    .showWhen("operation", (Object[]) KEY_OPS))
            .property(PropertySpec.options("keyType")
                    .displayName("Key Type")
                    .option("automatic", "Automatic", "Requests the type (get) or derives it from the data (set)")
                    .option("hash", "Hash", "Data in key is of type 'hash'")
                    .option("list", "List", "Data in key is of type 'lists'")
                    .option("sets", "Sets", "Data in key is of type 'sets'")
                    .option("string", "String", "Data in key is of type 'string'")
                    .defaultValue("automatic")
                    .showWhen("operation", "get", "set"))
            .property(PropertySpec.string("value")
                    .displayName("Value")
                    .defaultValue("")
                    .description("The value to write in Redis")
                    .showWhen("operation", "set"))
            .property(PropertySpec.bool("valueIsJSON")
                    .displayName("Value Is JSON")
                    .defaultValue(true)
                    .description("Whether the value is JSON or key value pairs")
                    .showWhen("keyType", "hash"))
            .property(PropertySpec.bool("expire")
                    .displayName("Expire")
                    .defaultValue(false)
                    .description("Whether to set a timeout on key")
                    .showWhen("operation", "incr", "set"))
            .property(PropertySpec.number("ttl")
                    .displayName("TTL")
                    .defaultValue(60)
                    .minValue(1)
                    .description("Number of seconds before key expiration")
                    .showWhen("expire", true))
            .property(PropertySpec.string("keyPattern")
                    .displayName("Key Pattern")
                    .defaultValue("")
                    .required()
                    .description("The key pattern for the keys to return")
                    .showWhen("operation", "keys"))
            .property(PropertySpec.bool("getValues")
                    .displayName("Get Values")
                    .defaultValue(true)
                    .description("Whether to get the value of matching keys")
                    .showWhen("operation", "keys"))
            .property(PropertySpec.string("list")
                    .displayName("List")
                    .defaultValue("")
                    .required()
                    .description("Name of the list in Redis")
                    .showWhen("operation", "llen", "push", "pop"))
            .property(PropertySpec.string("channel")
                    .displayName("Channel")
                    .defaultValue("")
                    .required()
                    .description("Channel name")
                    .showWhen("operation", "publish"))
            .property(PropertySpec.string("messageData")
                    .displayName("Data")
                    .defaultValue("")
                    .required()
                    .description("Data to publish or push")
                    .showWhen("operation", "publish", "push"))
            .property(PropertySpec.bool("tail")
                    .displayName("Tail")
                    .defaultValue(false)
                    .description("Whether to push or pop data from the end of the list")
                    .showWhen("operation", "push", "pop"))
            .property(PropertySpec.collection("options")
                    .displayName("Options")
                    .placeholder("Add option")
                    .showWhen("operation", "get", "pop")
                    .child(PropertySpec.bool("dotNotation")
                            .displayName("Dot Notation")
                            .defaultValue(true)
                            .description("Whether \"a.b\" sets b underneath a, rather than a field named \"a.b\"")))
            .build();

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("redis")
                .orElseThrow(() -> NodeException.user("credentials of type 'redis' are not set for this node"));
        Secrets secrets = Secrets.of(RedisCredential.DESCRIPTOR, cred);
        try (Jedis client = connect(ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll), cred)) {
            return run(ctx, client, secrets);
        } catch (NodeException e) {
            throw secrets.redact(e);
        }
    }

    /**
     * A connected client for the credential (answered a PING): the host resolved and checked by {@code policy} and
     * dialled at that address, TLS with the host name when {@code ssl}. Refused logins are user errors, the rest
     * operational; shared with the Redis Trigger.
     */
    static Jedis connect(NetworkPolicy policy, ObjectNode cred) {
        String host = Endpoints.host("redis", cred.path("host").asText("localhost"));
        int port = Endpoints.port("redis", cred.path("port").asInt(6379));
        InetAddress address = Endpoints.resolve(policy, "Redis", host, port);
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(CONNECT_TIMEOUT_MILLIS)
                .socketTimeoutMillis(SOCKET_TIMEOUT_MILLIS)
                .database(cred.path("database").asInt(0))
                .clientName("hetumind")
                .autoNegotiateProtocol(false);
        String user = cred.path("user").asText("");
        String password = cred.path("password").asText("");
        if (!user.isEmpty()) {
            config.user(user);
        }
        if (!password.isEmpty()) {
            config.password(password);
        }
        boolean ssl = cred.path("ssl").asBoolean(false);
        // n8n: node-redis with tls, rejectUnauthorized false only with disableTlsVerification; no CA field
        TlsClient tls = ssl
                ? TlsClient.of(
                        host,
                        List.of(),
                        null,
                        List.of(),
                        !cred.path("disableTlsVerification").asBoolean(false))
                : null;
        if (tls != null) {
            config.ssl(true).sslSocketFactory(tls.socketFactory()).sslParameters(tls.parameters());
        }
        Jedis client = null;
        try {
            client = new Jedis(new HostAndPort(address.getHostAddress(), port), config.build());
            client.ping();
            return client;
        } catch (JedisException e) {
            if (client != null) {
                client.close();
            }
            String failure = tls == null ? null : tls.failure(e);
            if (failure != null) {
                throw new NodeException(
                        TlsClient.kind(failure),
                        "could not connect to Redis at " + host + ":" + port + ": " + failure,
                        -1,
                        null,
                        null);
            }
            boolean refused = e instanceof JedisAccessControlException
                    || String.valueOf(e.getMessage()).startsWith("NOAUTH")
                    || String.valueOf(e.getMessage()).startsWith("WRONGPASS");
            String message = "could not connect to Redis at " + host + ":" + port + ": " + reason(e)
                    + (!ssl && closedEarly(e)
                            ? " (the server closed the connection: a TLS-only port? turn SSL on)"
                            : "");
            throw new NodeException(
                    refused || !(e instanceof JedisConnectionException) ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                    message,
                    -1,
                    null,
                    null);
        }
    }

    /** A plain-text hello the server hung up on, as a TLS-only port does. */
    private static boolean closedEarly(Throwable e) {
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            String m = String.valueOf(c.getMessage());
            if (m.contains("Unexpected end of stream") || m.contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    static String reason(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            for (Throwable s : c.getSuppressed()) {
                if (s instanceof java.net.ConnectException) {
                    return "Connection refused";
                }
            }
            if (c instanceof java.net.ConnectException) {
                return "Connection refused";
            }
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : e.getMessage();
        if (t instanceof java.net.ConnectException) {
            return "Connection refused";
        }
        if (t instanceof java.net.SocketTimeoutException) {
            return "no answer in time";
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }

    private static NodeResult run(NodeContext ctx, Jedis client, Secrets secrets) {
        String operation = ctx.param("operation", 0, String.class, "info");
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        if (operation.equals("info")) {
            try {
                out.add(Item.of(infoToObject(client.info())));
            } catch (JedisException e) {
                NodeException err = secrets.redact(failure(e, -1));
                if (!ctx.continueOnFail()) {
                    throw err;
                }
                errors.add(Item.of(Json.object().put("error", err.getMessage())));
            }
            return NodeResult.withErrors(List.of(out), errors);
        }
        if (!List.of("delete", "get", "keys", "llen", "set", "incr", "publish", "push", "pop")
                .contains(operation)) {
            throw NodeException.user("parameter 'operation': '" + operation + "' is not supported");
        }
        List<Item> items = ctx.items();
        for (int i = 0; i < items.size(); i++) {
            try {
                Item result = one(ctx, client, operation, items.get(i), i);
                if (result != null) {
                    out.add(result);
                }
            } catch (JedisException | NodeException e) {
                NodeException err = secrets.redact(failure(e, i));
                if (!ctx.continueOnFail()) {
                    throw err;
                }
                errors.add(new Item(Json.object().put("error", err.getMessage()), null, new PairedItem(i, 0)));
            }
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static NodeException failure(Exception e, int i) {
        if (e instanceof NodeException ne) {
            return ne;
        }
        String where = i >= 0 ? " [item " + i + "]" : "";
        if (e instanceof JedisConnectionException) {
            return new NodeException(ErrorKind.OPERATIONAL, "Redis: " + reason(e) + where, i, null, null);
        }
        return new NodeException(ErrorKind.USER, "Redis: " + e.getMessage() + where, i, null, null);
    }

    private static Item one(NodeContext ctx, Jedis client, String operation, Item input, int i) {
        ObjectNode json = Json.object();
        Item item = new Item(json, null, new PairedItem(i, 0));
        switch (operation) {
            case "delete" -> {
                client.del(key(ctx, "key", i));
                return input;
            }
            case "get" -> {
                String propertyName = ctx.param("propertyName", i, String.class, "propertyName");
                String key = key(ctx, "key", i);
                JsonNode value = value(client, key, ctx.param("keyType", i, String.class, "automatic"));
                put(ctx, json, propertyName, value == null ? NullNode.getInstance() : value, i);
                return item;
            }
            case "keys" -> {
                String pattern = ctx.param("keyPattern", i, String.class, "");
                boolean getValues = ctx.param("getValues", i, Boolean.class, true);
                List<String> keys = new ArrayList<>(client.keys(pattern));
                if (!getValues) {
                    ArrayNode names = json.putArray("keys");
                    keys.forEach(names::add);
                    // as n8n: this item carries no pairing
                    return Item.of(json);
                }
                for (String k : keys) {
                    JsonNode v = value(client, k, "automatic");
                    if (v != null) {
                        json.set(k, v);
                    }
                }
                return item;
            }
            case "llen" -> {
                String list = key(ctx, "list", i);
                json.put(list, client.llen(list));
                return item;
            }
            case "set" -> {
                String key = key(ctx, "key", i);
                String value = ctx.param("value", i, String.class, "");
                String keyType = ctx.param("keyType", i, String.class, "automatic");
                boolean valueIsJson = ctx.param("valueIsJSON", i, Boolean.class, true);
                boolean expire = ctx.param("expire", i, Boolean.class, false);
                int ttl = ctx.param("ttl", i, Integer.class, -1);
                set(client, key, value, keyType, valueIsJson, i);
                if (expire) {
                    client.expire(key, ttl);
                }
                return input;
            }
            case "incr" -> {
                String key = key(ctx, "key", i);
                boolean expire = ctx.param("expire", i, Boolean.class, false);
                int ttl = ctx.param("ttl", i, Integer.class, -1);
                long value = client.incr(key);
                if (expire && ttl > 0) {
                    client.expire(key, ttl);
                }
                json.put(key, value);
                return Item.of(json);
            }
            case "publish" -> {
                client.publish(
                        ctx.param("channel", i, String.class, ""), ctx.param("messageData", i, String.class, ""));
                return input;
            }
            case "push" -> {
                String list = key(ctx, "list", i);
                String data = ctx.param("messageData", i, String.class, "");
                if (ctx.param("tail", i, Boolean.class, false)) {
                    client.rpush(list, data);
                } else {
                    client.lpush(list, data);
                }
                return input;
            }
            case "pop" -> {
                String list = key(ctx, "list", i);
                boolean tail = ctx.param("tail", i, Boolean.class, false);
                String propertyName = ctx.param("propertyName", i, String.class, "propertyName");
                String value = tail ? client.rpop(list) : client.lpop(list);
                JsonNode parsed;
                if (value == null || value.isEmpty()) {
                    parsed = value == null ? NullNode.getInstance() : TextNode.valueOf(value);
                } else {
                    try {
                        parsed = Json.parse(value);
                    } catch (RuntimeException e) {
                        parsed = TextNode.valueOf(value);
                    }
                }
                put(ctx, json, propertyName, parsed, i);
                return item;
            }
            default -> throw new IllegalStateException(operation);
        }
    }

    private static String key(NodeParameters ctx, String name, int i) {
        String key = ctx.param(name, i, String.class, "");
        if (key.isEmpty()) {
            throw NodeException.user("parameter '" + name + "' is empty [item " + i + "]", i);
        }
        return key;
    }

    private static void put(NodeParameters ctx, ObjectNode json, String propertyName, JsonNode value, int i) {
        boolean dotNotation = ctx.param("options.dotNotation", i, Boolean.class, true);
        JsonPaths.set(json, propertyName, value, dotNotation);
    }

    /**
     * A key's value by type, as n8n reads it. With {@code automatic} the server's TYPE answer is
     * used, which names sets {@code set}, not {@code sets}: n8n then returns nothing for a set, and so
     * does this node.
     */
    private static JsonNode value(Jedis client, String key, String type) {
        String t = type == null || type.equals("automatic") ? client.type(key) : type;
        return switch (t) {
            case "string" -> {
                String v = client.get(key);
                yield v == null ? null : TextNode.valueOf(v);
            }
            case "hash" -> {
                ObjectNode o = Json.object();
                client.hgetAll(key).forEach(o::put);
                yield o;
            }
            case "list" -> strings(client.lrange(key, 0, -1));
            case "sets" -> strings(new ArrayList<>(client.smembers(key)));
            default -> null;
        };
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = Json.array();
        values.forEach(a::add);
        return a;
    }

    private static void set(Jedis client, String key, String value, String keyType, boolean valueIsJson, int i) {
        // the value parameter is text, so automatic always means a string, as in n8n
        String type = keyType == null || keyType.equals("automatic") ? "string" : keyType;
        switch (type) {
            case "string" -> client.set(key, value);
            case "hash" -> {
                if (valueIsJson) {
                    JsonNode parsed;
                    try {
                        parsed = Json.parse(value);
                    } catch (RuntimeException e) {
                        parsed = null;
                    }
                    if (!(parsed instanceof ObjectNode object)) {
                        throw NodeException.user(
                                "parameter 'value' must be a JSON object for a hash (or turn off 'Value Is JSON')"
                                        + " [item " + i + "]",
                                i);
                    }
                    Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
                    while (fields.hasNext()) {
                        Map.Entry<String, JsonNode> f = fields.next();
                        client.hset(
                                key,
                                f.getKey(),
                                f.getValue().isTextual()
                                        ? f.getValue().asText()
                                        : f.getValue().toString());
                    }
                } else {
                    String[] parts = value.split(" ");
                    if (parts.length % 2 != 0) {
                        throw NodeException.user(
                                "parameter 'value': key value pairs need an even number of words [item " + i + "]", i);
                    }
                    for (int p = 0; p < parts.length; p += 2) {
                        client.hset(key, parts[p], parts[p + 1]);
                    }
                }
            }
            // as n8n: LSET of each character of the value at its index (the list must exist and be long enough)
            case "list" -> {
                int[] cps = value.codePoints().toArray();
                for (int p = 0; p < cps.length; p++) {
                    client.lset(key, p, new String(Character.toChars(cps[p])));
                }
            }
            case "sets" -> client.sadd(key, value);
            default ->
                throw NodeException.user("parameter 'keyType': '" + keyType + "' is not supported [item " + i + "]", i);
        }
    }

    /** INFO text as n8n's object: sections dropped, numbers parsed, {@code a=1,b=2} values as objects. */
    static ObjectNode infoToObject(String info) {
        ObjectNode out = Json.object();
        for (String line : info.split("\n")) {
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '\r') {
                continue;
            }
            String[] kv = line.split(":", -1);
            if (kv.length < 2) {
                continue;
            }
            String key = kv[0];
            String value = kv[1].strip();
            if (value.contains("=")) {
                ObjectNode inner = out.putObject(key);
                for (String pair : value.split(",")) {
                    String[] p = pair.split("=", -1);
                    inner.set(p[0], parsed(p.length > 1 ? p[1] : ""));
                }
            } else {
                out.set(key, parsed(value));
            }
        }
        return out;
    }

    private static JsonNode parsed(String value) {
        if (NUMBER.matcher(value).matches()) {
            try {
                double d = Double.parseDouble(value);
                return d == Math.rint(d) && Math.abs(d) < 1e15 ? Json.F.numberNode((long) d) : Json.F.numberNode(d);
            } catch (NumberFormatException e) {
                // e.g. "1.2.3": JavaScript's parseFloat reads the leading number, NaN (null) when there is none
                java.util.regex.Matcher m =
                        Pattern.compile("^\\d*(\\.\\d+)?|^\\d+\\.").matcher(value);
                String lead = m.find() ? m.group() : "";
                return lead.isEmpty() || lead.equals(".")
                        ? NullNode.getInstance()
                        : Json.F.numberNode(Double.parseDouble(lead));
            }
        }
        return TextNode.valueOf(value);
    }
}
