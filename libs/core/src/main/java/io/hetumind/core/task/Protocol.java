package io.hetumind.core.task;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.UUID;

/** Encodes and decodes protocol frames: strict JSON, snake_case, known kinds only, required fields checked. */
public final class Protocol {
    /** The version this code speaks; 2 added {@code capabilities} to register and optional dispatch fields. */
    public static final int VERSION = 2;
    /** The oldest agent version a server still serves; others are refused at register. */
    public static final int MIN_VERSION = 1;
    /**
     * Capability: the agent holds a dispatch until its {@code not_before} and starts it then by its own timer, so the
     * server may send cron runs as soon as it has claimed them (ahead of their fire time).
     */
    public static final String HELD_DISPATCH = "held_dispatch";
    /** Capability: the agent reads {@code traceparent} from a dispatch and traces its run as a child span. */
    public static final String TRACE_CONTEXT = "trace_context";
    /**
     * Capability: the agent takes {@code schedule_sync} frames, stores its pinned schedules and fires them itself by
     * its own timer wheel, also while cut off from the server; its updates of such runs carry {@code schedule_id},
     * {@code fire_at} and {@code attempt}. An agent without it is never sent a {@code schedule_sync} and cannot be
     * the pinned agent of a schedule, so protocol 1 and 2 agents that lack it keep working unchanged.
     */
    public static final String LOCAL_SCHEDULES = "local_schedules";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Protocol() {}

    /** A decoded frame: the envelope, its kind and its typed payload. */
    public record Frame(Envelope envelope, Kind kind, Object payload) {
        public UUID id() {
            return envelope.id();
        }

        public <T> T payload(Class<T> type) {
            return type.cast(payload);
        }
    }

    /** The JSON text of a new frame with a fresh UUIDv7 id. */
    public static String encode(Kind kind, Object payload) {
        return encode(Uuid7.next(), kind, payload);
    }

    public static String encode(UUID id, Kind kind, Object payload) {
        if (!kind.payloadType().isInstance(payload)) {
            throw new IllegalArgumentException(
                    kind.wire() + " carries " + kind.payloadType().getSimpleName());
        }
        Envelope e = new Envelope(id, kind.wire(), System.currentTimeMillis(), JSON.valueToTree(payload));
        try {
            return JSON.writeValueAsString(e);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("cannot encode " + kind.wire(), ex);
        }
    }

    /** Parses and checks one frame; every defect is a {@link ProtocolException} with a stable code. */
    public static Frame decode(String text) throws ProtocolException {
        Envelope e;
        try {
            e = JSON.readValue(text, Envelope.class);
        } catch (JsonProcessingException ex) {
            throw new ProtocolException("malformed", "the frame is not a valid envelope: " + brief(ex));
        }
        if (e == null || e.id() == null || e.kind() == null || e.payload() == null || e.ts() <= 0) {
            throw new ProtocolException("malformed", "id, kind, ts and payload are required");
        }
        Kind kind = Kind.of(e.kind())
                .orElseThrow(() -> new ProtocolException("unknown-kind", "unknown kind '" + clip(e.kind()) + "'"));
        Object payload;
        try {
            payload = JSON.treeToValue(e.payload(), kind.payloadType());
        } catch (JsonProcessingException ex) {
            throw new ProtocolException("malformed", "bad " + kind.wire() + " payload: " + brief(ex));
        }
        if (payload instanceof Messages.InstanceUpdate u && u.linesGz() != null) {
            payload = inflated(kind, u);
        }
        String missing = PayloadRules.check(payload);
        if (missing != null) {
            throw new ProtocolException("invalid", kind.wire() + ": " + missing);
        }
        return new Frame(e, kind, payload);
    }

    /** The update with its {@code lines_gz} inflated into {@code lines}. */
    private static Messages.InstanceUpdate inflated(Kind kind, Messages.InstanceUpdate u) throws ProtocolException {
        if (!"log".equals(u.event()) || u.lines() != null) {
            throw new ProtocolException("invalid", kind.wire() + ": lines_gz is for a log update without lines");
        }
        List<Messages.LogLine> lines;
        try {
            lines = LogChunks.gunzipBase64(u.linesGz());
        } catch (java.io.IOException e) {
            throw new ProtocolException(
                    "invalid",
                    kind.wire() + ": lines_gz is not gzip'd log lines (" + clip(String.valueOf(e.getMessage())) + ")");
        }
        return new Messages.InstanceUpdate(
                u.instanceId(),
                u.event(),
                u.firstSeq(),
                lines,
                u.exitCode(),
                u.cpuTimeMs(),
                u.maxRssKb(),
                u.message(),
                u.at(),
                null,
                u.scheduleId(),
                u.fireAt(),
                u.attempt());
    }

    /** The mapper protocol records are written with (snake_case), for stores such as the agent's outbox. */
    public static ObjectMapper json() {
        return JSON;
    }

    public static JsonNode tree(Object value) {
        return JSON.valueToTree(value);
    }

    private static String brief(JsonProcessingException ex) {
        String m = ex.getOriginalMessage();
        return clip(m == null ? "invalid JSON" : m);
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "…" : s;
    }
}
