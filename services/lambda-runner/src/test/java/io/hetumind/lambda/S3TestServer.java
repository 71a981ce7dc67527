package io.hetumind.lambda;

import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * An in-process S3-compatible server for tests: S3Proxy with its in-memory (transient) store on a
 * free loopback port, with AWS v4 signatures checked.
 *
 * <p>S3Proxy's local stores apply {@code If-None-Match: *} atomically but check {@code If-Match}
 * with a HEAD before the write, outside any lock, so two concurrent conditional puts can both
 * pass. Real S3 makes {@code If-Match} atomic (412 Precondition Failed, or 409 while another
 * conditional write to the key is in flight). {@link AtomicConditionalPuts} gives the test server
 * the same guarantee: the check and the write of a key happen under one lock per key.
 */
public final class S3TestServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access-key";
    public static final String SECRET_KEY = "test-secret-key-0123456789";

    private final S3Proxy proxy;
    private final URI endpoint;

    private S3TestServer(S3Proxy proxy) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static S3TestServer start(String... buckets) {
        try {
            BlobStore store = new AtomicConditionalPuts(new TransientNio2BlobStore());
            for (String bucket : buckets) {
                store.createContainer(bucket);
            }
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(store)
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            long until = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(5);
            }
            return new S3TestServer(proxy);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test S3 server", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    public S3Client client() {
        return RunnerBeans.s3Builder() // as the runner's own client
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.US_EAST_1)
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    /** Makes If-Match / If-None-Match on a put atomic with the write, as S3 does. */
    static final class AtomicConditionalPuts extends ForwardingBlobStore {

        private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();

        AtomicConditionalPuts(BlobStore delegate) {
            super(delegate);
        }

        private ReentrantLock lock(String bucket, String key) {
            return locks.computeIfAbsent(bucket + "/" + key, k -> new ReentrantLock());
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream data) {
            ReentrantLock lock = lock(request.bucket(), request.key());
            lock.lock();
            try {
                String ifMatch = request.ifMatch();
                String ifNoneMatch = request.ifNoneMatch();
                if (ifMatch != null || ifNoneMatch != null) {
                    HeadObjectResponse current = delegate().blobMetadataIfPresent(request.bucket(), request.key());
                    if (ifMatch != null) {
                        if (current == null) {
                            throw new S3ProxyException(S3ErrorCode.NO_SUCH_KEY);
                        }
                        if (!"*".equals(ifMatch) && !unquote(ifMatch).equals(unquote(current.eTag()))) {
                            throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
                        }
                    }
                    if (ifNoneMatch != null
                            && current != null
                            && ("*".equals(ifNoneMatch) || unquote(ifNoneMatch).equals(unquote(current.eTag())))) {
                        throw new S3ProxyException(S3ErrorCode.PRECONDITION_FAILED);
                    }
                }
                return delegate()
                        .putBlob(
                                request.toBuilder()
                                        .ifMatch(null)
                                        .ifNoneMatch(null)
                                        .build(),
                                data);
            } finally {
                lock.unlock();
            }
        }

        @Override
        public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
            ReentrantLock lock = lock(request.bucket(), request.key());
            lock.lock();
            try {
                return delegate().removeBlob(request);
            } finally {
                lock.unlock();
            }
        }

        private static String unquote(String etag) {
            return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                    ? etag.substring(1, etag.length() - 1)
                    : etag;
        }
    }
}
