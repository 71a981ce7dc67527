package io.hetumind.lambda.state;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.hetumind.core.engine.CheckpointConflictException;
import io.hetumind.core.engine.CheckpointCorruptException;
import io.hetumind.core.engine.Checkpointer;
import io.hetumind.core.engine.ExecutionStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Execution state in S3: one gzipped JSON object per execution, {@code
 * <prefix>executions/<id>/state.json.gz}, holding the latest snapshot and the events after it.
 * Every commit rewrites that object with a <b>conditional put</b>: {@code If-None-Match: *} for a
 * new execution, {@code If-Match: <ETag it was based on>} after that. S3 answers a stale writer
 * with 412 Precondition Failed (or 409 ConditionalRequestConflict while another conditional write
 * to the key is in progress, 404 when the object is gone), all of which become {@link
 * CheckpointConflictException}: of two invocations advancing one execution, exactly one wins.
 * AWS S3 supports both headers on PutObject since August (If-None-Match) and November (If-Match)
 * 2024; MinIO, R2 and GCS's XML API do too.
 *
 * <p>The {@link Version} is (sequence of the last event, ETag). Since a commit with a snapshot
 * drops the journal it covers, the object holds at most the engine's snapshot interval of events
 * (128) beyond the snapshot. Status and wake-up time ride along as object metadata, and an
 * unfinished execution also has an empty marker {@code <prefix>unfinished/<id>} (written before
 * the state, removed after a terminal one), so {@link #unfinished} lists only those markers and
 * confirms each with a HEAD instead of reading every execution ever run.
 *
 * <p>One instance may serve many threads; it caches the last object it read or wrote per
 * execution (keyed by its ETag) so a commit does not read back what it just wrote. {@link
 * #release} drops that cache.
 */
public final class S3Checkpointer implements Checkpointer {

    /** Folder of execution state (and binary data, outputs) under the key prefix. */
    public static final String EXECUTIONS = "executions/";

    /** Folder of the markers of unfinished executions under the key prefix. */
    public static final String UNFINISHED = "unfinished/";

    static final String STATUS_META = "hetumind-status";
    static final String WAKE_META = "hetumind-wake-at";
    static final String WRITE_META = "hetumind-write";
    private static final int FORMAT = 1;
    private static final JsonFactory JSON = new JsonFactory();

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Long> sizes = new ConcurrentHashMap<>();

    /**
     * @param prefix key prefix, empty or ending in {@code /} (say {@code hetumind/})
     */
    public S3Checkpointer(S3Client s3, String bucket, String prefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.prefix = prefix == null ? "" : prefix;
        if (!this.prefix.isEmpty() && !this.prefix.endsWith("/")) {
            throw new IllegalArgumentException("the key prefix must end with '/': " + prefix);
        }
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("the bucket name is empty");
        }
    }

    public String bucket() {
        return bucket;
    }

    /** The full key of {@code relative} (the bucket's key prefix in front). */
    public String key(String relative) {
        return prefix + relative;
    }

    /** Key of the state object of {@code executionId}. */
    public String stateKey(String executionId) {
        return executionPrefix(executionId) + "state.json.gz";
    }

    /** Prefix under which everything of {@code executionId} lives (state, binary data). */
    public String executionPrefix(String executionId) {
        return prefix + EXECUTIONS + Keys.check(executionId, "execution id") + "/";
    }

    private String markerKey(String executionId) {
        return prefix + UNFINISHED + Keys.check(executionId, "execution id");
    }

    @Override
    public Optional<Checkpoint> load(String executionId) {
        Cached c = read(executionId);
        if (c == null) {
            return Optional.empty();
        }
        Stored s = c.stored;
        return Optional.of(new Checkpoint(s.snapshotJson, s.snapshotSeq, s.events, new Version(s.lastSeq(), c.etag)));
    }

    @Override
    public Version commit(String executionId, Commit commit) {
        String key = stateKey(executionId);
        Version expected = commit.expected();
        Stored base;
        if (expected.equals(Version.NONE)) {
            base = new Stored(null, 0, List.of(), ExecutionStatus.RUNNING, -1);
        } else {
            Cached c = cache.get(executionId);
            if (c == null || !c.etag.equals(expected.tag())) {
                c = read(executionId);
            }
            if (c == null) {
                throw new CheckpointConflictException(executionId, "its state is gone (deleted by another owner)");
            }
            if (!c.etag.equals(expected.tag()) || c.stored.lastSeq() != expected.seq()) {
                cache.remove(executionId);
                throw new CheckpointConflictException(
                        executionId,
                        "another owner advanced it (expected seq " + expected.seq() + ", found " + c.stored.lastSeq()
                                + ")");
            }
            base = c.stored;
        }
        Stored next;
        if (commit.snapshotJson() != null) {
            next = new Stored(commit.snapshotJson(), commit.lastSeq(), List.of(), commit.status(), commit.wakeAt());
        } else {
            List<Entry> events =
                    new ArrayList<>(base.events.size() + commit.events().size());
            events.addAll(base.events);
            events.addAll(commit.events());
            next = new Stored(base.snapshotJson, base.snapshotSeq, events, commit.status(), commit.wakeAt());
        }
        boolean unfinished = isUnfinished(commit.status());
        if (unfinished) {
            // before the state, so a listed marker may be stale but an unfinished state is never unlisted
            s3.putObject(b -> b.bucket(bucket).key(markerKey(executionId)), RequestBody.empty());
        }
        String writeId = UUID.randomUUID().toString();
        PutObjectRequest.Builder put = PutObjectRequest.builder()
                .bucket(bucket)
                .key(key)
                .contentType("application/gzip")
                .metadata(Map.of(
                        STATUS_META, commit.status().name(),
                        WAKE_META, Long.toString(commit.wakeAt()),
                        WRITE_META, writeId));
        if (expected.equals(Version.NONE)) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(expected.tag());
        }
        byte[] body = encode(next);
        String etag;
        try {
            etag = s3.putObject(put.build(), RequestBody.fromBytes(body)).eTag();
        } catch (S3Exception e) {
            cache.remove(executionId);
            etag = e.statusCode() == 412 ? landedEarlier(key, writeId) : null;
            if (etag != null) {
                // the SDK retried a put whose first attempt did land (its answer was lost): it is ours
            } else if (e.statusCode() == 412 || e.statusCode() == 409 || e.statusCode() == 404) {
                throw new CheckpointConflictException(
                        executionId,
                        expected.equals(Version.NONE)
                                ? "it exists already (another owner started it)"
                                : "another owner advanced it (the conditional put was refused: HTTP " + e.statusCode()
                                        + ")");
            } else {
                throw e;
            }
        } catch (SdkClientException e) {
            // A server that refuses a conditional put may answer 412 and close the connection before it has read the
            // body, which the SDK reports as a failed write. What the object holds now decides: our write, another
            // owner's (a conflict), or still the expected state (a real transport failure).
            cache.remove(executionId);
            etag = landedEarlier(key, writeId);
            if (etag == null) {
                String now = currentEtag(key);
                boolean advanced = expected.equals(Version.NONE)
                        ? now != null
                        : !expected.tag().equals(now);
                if (!advanced) {
                    throw e;
                }
                throw new CheckpointConflictException(
                        executionId,
                        expected.equals(Version.NONE)
                                ? "it exists already (another owner started it)"
                                : "another owner advanced it (the conditional put was cut off: " + e.getMessage()
                                        + ")");
            }
        }
        cache.put(executionId, new Cached(etag, next));
        sizes.put(executionId, (long) body.length);
        if (!unfinished) {
            s3.deleteObject(b -> b.bucket(bucket).key(markerKey(executionId)));
        }
        return new Version(commit.lastSeq(), etag);
    }

    /** The state object's ETag now, or null when there is none. */
    private String currentEtag(String key) {
        try {
            return s3.headObject(b -> b.bucket(bucket).key(key)).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** The ETag of the state object when the write {@code writeId} is what it holds, else null. */
    private String landedEarlier(String key, String writeId) {
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return writeId.equals(head.metadata().get(WRITE_META)) ? head.eTag() : null;
        } catch (S3Exception e) {
            return null;
        }
    }

    @Override
    public void delete(String executionId) {
        cache.remove(executionId);
        String dir = executionPrefix(executionId);
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page =
                    s3.listObjectsV2(b -> b.bucket(bucket).prefix(dir).continuationToken(t));
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                    .toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(bucket)
                        .delete(Delete.builder().objects(keys).quiet(true).build()));
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
        s3.deleteObject(b -> b.bucket(bucket).key(markerKey(executionId)));
    }

    @Override
    public List<Unfinished> unfinished() {
        List<Unfinished> out = new ArrayList<>();
        String markers = prefix + UNFINISHED;
        ListObjectsV2Request.Builder list =
                ListObjectsV2Request.builder().bucket(bucket).prefix(markers);
        for (ListObjectsV2Response page : s3.listObjectsV2Paginator(list.build())) {
            for (S3Object o : page.contents()) {
                String id = o.key().substring(markers.length());
                HeadObjectResponse head;
                try {
                    head = s3.headObject(b -> b.bucket(bucket).key(stateKey(id)));
                } catch (NoSuchKeyException e) {
                    continue; // a writer that lost its conditional put, or a deleted execution
                } catch (S3Exception e) {
                    if (e.statusCode() == 404) {
                        continue;
                    }
                    throw e;
                }
                ExecutionStatus status = statusOf(head.metadata().get(STATUS_META));
                if (status != null && isUnfinished(status)) {
                    out.add(new Unfinished(id, status, parseLong(head.metadata().get(WAKE_META), -1)));
                }
            }
        }
        return out;
    }

    /**
     * Size in bytes of the state object this instance last read or wrote for the execution (or -1),
     * kept past {@link #release} until taken, for the invocation's statistics.
     */
    public long takeStoredBytes(String executionId) {
        Long n = sizes.remove(executionId);
        return n == null ? -1 : n;
    }

    @Override
    public void release(String executionId) {
        cache.remove(executionId);
    }

    private static boolean isUnfinished(ExecutionStatus s) {
        return s == ExecutionStatus.RUNNING || s == ExecutionStatus.WAITING || s == ExecutionStatus.CRASHED;
    }

    private static ExecutionStatus statusOf(String name) {
        if (name == null) {
            return null;
        }
        try {
            return ExecutionStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static long parseLong(String s, long fallback) {
        try {
            return s == null ? fallback : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Reads the state object, or null when there is none; caches it under its ETag. */
    private Cached read(String executionId) {
        String key = stateKey(executionId);
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key))) {
            String etag = in.response().eTag();
            byte[] body = in.readAllBytes();
            Cached c = new Cached(etag, decode(executionId, body));
            sizes.put(executionId, (long) body.length);
            cache.put(executionId, c);
            return c;
        } catch (NoSuchKeyException e) {
            cache.remove(executionId);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("reading s3://" + bucket + "/" + key, e);
        }
    }

    // ---- the object's format: gzip of {"format":1,"status":…,"wakeAt":…,"snapshotSeq":…,
    //      "snapshot":"<StateCodec JSON>"|null,"events":[[seq,"<EventCodec JSON>"],…]}

    static byte[] encode(Stored s) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(64 + (s.snapshotJson == null ? 0 : s.snapshotJson.length() / 4));
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 64 << 10);
                JsonGenerator g = JSON.createGenerator(gz, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("format", FORMAT);
            g.writeStringField("status", s.status.name());
            g.writeNumberField("wakeAt", s.wakeAt);
            g.writeNumberField("snapshotSeq", s.snapshotSeq);
            if (s.snapshotJson == null) {
                g.writeNullField("snapshot");
            } else {
                g.writeStringField("snapshot", s.snapshotJson);
            }
            g.writeArrayFieldStart("events");
            for (Entry e : s.events) {
                g.writeStartArray();
                g.writeNumber(e.seq());
                g.writeString(e.json());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static Stored decode(String executionId, byte[] body) {
        try (JsonParser p = JSON.createParser(new GZIPInputStream(new ByteArrayInputStream(body), 64 << 10))) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            Integer format = null;
            ExecutionStatus status = null;
            Long wakeAt = null;
            Long snapshotSeq = null;
            String snapshot = null;
            boolean sawSnapshot = false;
            List<Entry> events = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "format" -> format = p.getIntValue();
                    case "status" -> {
                        status = statusOf(p.getValueAsString());
                        expect(status != null, "unknown status '" + p.getText() + "'");
                    }
                    case "wakeAt" -> wakeAt = p.getLongValue();
                    case "snapshotSeq" -> snapshotSeq = p.getLongValue();
                    case "snapshot" -> {
                        sawSnapshot = true;
                        snapshot = t == JsonToken.VALUE_NULL ? null : p.getText();
                    }
                    case "events" -> {
                        expect(t == JsonToken.START_ARRAY, "events is not an array");
                        events = new ArrayList<>();
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            expect(p.nextToken() == JsonToken.VALUE_NUMBER_INT, "an event without its seq");
                            long seq = p.getLongValue();
                            expect(p.nextToken() == JsonToken.VALUE_STRING, "event " + seq + " without its JSON");
                            events.add(new Entry(seq, p.getText()));
                            expect(p.nextToken() == JsonToken.END_ARRAY, "event " + seq + " has extra fields");
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            expect(format != null && format == FORMAT, "unknown format " + format);
            expect(
                    status != null && wakeAt != null && snapshotSeq != null && sawSnapshot && events != null,
                    "fields are missing");
            long next = snapshotSeq + 1;
            for (Entry e : events) {
                expect(e.seq() == next++, "the journal has a gap before seq " + e.seq());
            }
            return new Stored(snapshot, snapshotSeq, events, status, wakeAt);
        } catch (IOException | RuntimeException e) {
            // the bytes are all in memory: whatever fails here is the object, not the network
            throw new CheckpointCorruptException(executionId, e.getMessage(), e);
        }
    }

    private static void expect(boolean ok, String what) throws CorruptFormat {
        if (!ok) {
            throw new CorruptFormat(what);
        }
    }

    private static final class CorruptFormat extends IOException {
        CorruptFormat(String message) {
            super(message);
        }
    }

    /** The decoded object. */
    record Stored(String snapshotJson, long snapshotSeq, List<Entry> events, ExecutionStatus status, long wakeAt) {
        long lastSeq() {
            return snapshotSeq + events.size();
        }
    }

    private record Cached(String etag, Stored stored) {}
}
