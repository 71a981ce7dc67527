package io.hetumind.lambda.state;

import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.spi.BinaryStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Binary attachments of items in S3 beside the execution's state, {@code
 * <prefix>executions/<id>/binary/<uuid>}, so items (and the state) carry only a {@link BinaryRef}
 * whose id is {@code <executionId>/<uuid>}. One attachment is bounded by {@code maxBytes} and
 * buffered in memory before the put (S3 needs the length; Lambda has no large disk).
 */
public final class S3BinaryStore implements BinaryStore {

    private final S3Client s3;
    private final S3Checkpointer layout;
    private final long maxBytes;

    public S3BinaryStore(S3Client s3, S3Checkpointer layout, long maxBytes) {
        this.s3 = s3;
        this.layout = layout;
        this.maxBytes = maxBytes;
    }

    private String key(String executionId, String name) {
        return layout.executionPrefix(executionId) + "binary/" + Keys.check(name, "binary id");
    }

    @Override
    public BinaryRef put(String executionId, InputStream data, String mimeType, String fileName) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[64 << 10];
        long total = 0;
        for (int n; (n = data.read(chunk)) > 0; ) {
            total += n;
            if (total > maxBytes) {
                throw new IOException("binary data larger than the limit of " + maxBytes + " bytes");
            }
            buf.write(chunk, 0, n);
        }
        String name = UUID.randomUUID().toString();
        String key = key(executionId, name);
        s3.putObject(
                b -> b.bucket(layout.bucket())
                        .key(key)
                        .contentType(mimeType == null ? "application/octet-stream" : mimeType),
                RequestBody.fromBytes(buf.toByteArray()));
        return BinaryRef.stored(executionId + "/" + name, mimeType, fileName, total);
    }

    @Override
    public InputStream open(BinaryRef ref) throws IOException {
        String[] parts = ref.id() == null ? new String[0] : ref.id().split("/");
        if (parts.length != 2) {
            throw new IOException("invalid binary reference '" + ref.id() + "'");
        }
        String key;
        try {
            key = key(parts[0], parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IOException("invalid binary reference '" + ref.id() + "'", e);
        }
        try {
            return s3.getObject(b -> b.bucket(layout.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            throw new IOException("binary data '" + ref.id() + "' is gone", e);
        }
    }

    @Override
    public void deleteExecution(String executionId) {
        String dir = layout.executionPrefix(executionId) + "binary/";
        String token = null;
        do {
            String t = token;
            ListObjectsV2Response page =
                    s3.listObjectsV2(b -> b.bucket(layout.bucket()).prefix(dir).continuationToken(t));
            List<ObjectIdentifier> keys = page.contents().stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                    .toList();
            if (!keys.isEmpty()) {
                s3.deleteObjects(b -> b.bucket(layout.bucket())
                        .delete(Delete.builder().objects(keys).quiet(true).build()));
            }
            token = page.isTruncated() ? page.nextContinuationToken() : null;
        } while (token != null);
    }
}
