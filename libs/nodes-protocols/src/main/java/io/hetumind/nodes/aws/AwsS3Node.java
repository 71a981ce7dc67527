package io.hetumind.nodes.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.PairedItem;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeContext;
import io.hetumind.core.spi.NodeDescriptor;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeParameters;
import io.hetumind.core.spi.NodeResult;
import io.hetumind.core.spi.NodeType;
import io.hetumind.nodes.credentials.Secrets;
import io.hetumind.nodes.files.BinaryFiles;
import io.hetumind.nodes.internal.PerItem;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketConfiguration;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.RequestPayer;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * AWS S3 (n8n v1 and v2): buckets (create, delete, list, search), files (upload, download, copy,
 * delete, list) and folders (create, delete, list) with the {@code aws} credential, its custom S3
 * endpoint and path-style setting. The AWS SDK signs the requests; they travel through the HTTP
 * Request node's transport ({@link S3PinnedHttp}), so the endpoint passes the host's network policy.
 * Binary uploads larger than one part go through S3's multipart upload ({@link S3Upload}).
 * Results keep n8n's shapes (the XML fields of S3's answers: {@code Key}, {@code Size} as text …).
 */
public final class AwsS3Node implements NodeType {

    public static final String TYPE = "hetumind.awsS3";

    private static final NodeDescriptor DESCRIPTOR = AwsS3Descriptor.build(TYPE);

    private static final DateTimeFormatter S3_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** The largest object a download keeps (it goes to the binary store in one piece). */
    static final long MAX_DOWNLOAD_BYTES = 512L << 20;

    private final Duration timeout;

    public AwsS3Node() {
        this(Duration.ofSeconds(60));
    }

    /** With another bound on each request (tests). */
    AwsS3Node(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public NodeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public NodeResult execute(NodeContext ctx) {
        ObjectNode cred = ctx.credentials("aws")
                .orElseThrow(() -> NodeException.user("credentials of type 'aws' are not set for this node"));
        Secrets secrets = Secrets.of(AwsCredential.DESCRIPTOR, cred);
        String resource = ctx.param("resource", 0, String.class, "file");
        String operation = ctx.param("operation", 0, String.class, defaultOperation(resource));
        check(resource, operation);
        AtomicInteger current = new AtomicInteger();
        Clients clients = new Clients(ctx, cred, current);
        List<Item> items = ctx.items();
        List<Item> out = new ArrayList<>();
        List<Item> errors = new ArrayList<>();
        try {
            for (int i = 0; i < items.size(); i++) {
                current.set(i);
                try {
                    out.addAll(run(ctx, clients, resource, operation, i, items.get(i)));
                } catch (NodeException e) {
                    NodeException safe = secrets.redact(e);
                    if (!ctx.continueOnFail()) {
                        throw safe;
                    }
                    errors.add(PerItem.errorItem(safe.getMessage(), i));
                } catch (SdkException e) {
                    NodeException safe = secrets.redact(failure(clients, e, i));
                    if (!ctx.continueOnFail()) {
                        throw safe;
                    }
                    errors.add(PerItem.errorItem(safe.getMessage(), i));
                }
            }
        } finally {
            clients.close();
        }
        return NodeResult.withErrors(List.of(out), errors);
    }

    private static String defaultOperation(String resource) {
        return resource.equals("file") ? "download" : "create";
    }

    private static void check(String resource, String operation) {
        List<String> allowed =
                switch (resource) {
                    case "bucket" -> List.of("create", "delete", "getAll", "search");
                    case "file" -> List.of("copy", "delete", "download", "getAll", "upload");
                    case "folder" -> List.of("create", "delete", "getAll");
                    default ->
                        throw NodeException.user(
                                "parameter 'resource': '" + resource + "' is not one of bucket, file, folder");
                };
        if (!allowed.contains(operation)) {
            throw NodeException.user("parameter 'operation': '" + operation + "' is not supported for " + resource
                    + " (" + String.join(", ", allowed) + ")");
        }
    }

    /** One SDK client per addressing style, built on first use. */
    private final class Clients {
        final NodeContext ctx;
        final ObjectNode cred;
        final AtomicInteger current;
        final Map<Boolean, S3Client> byPathStyle = new HashMap<>();
        final String region;
        final URI endpoint;
        final boolean pathStyle;

        Clients(NodeContext ctx, ObjectNode cred, AtomicInteger current) {
            this.ctx = ctx;
            this.cred = cred;
            this.current = current;
            this.region = cred.path("region").asText("us-east-1").isBlank()
                    ? "us-east-1"
                    : cred.path("region").asText().strip();
            String custom = cred.path("customEndpoints").asBoolean(false)
                    ? cred.path("s3Endpoint").asText("").strip()
                    : "";
            this.endpoint = custom.isEmpty() ? null : endpoint(custom.replace("{region}", region));
            this.pathStyle = endpoint != null || cred.path("forcePathStyle").asBoolean(false);
        }

        private static URI endpoint(String text) {
            try {
                URI uri = URI.create(text);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw NodeException.user(
                        "credential 'aws': 's3Endpoint' '" + text + "' is not a URL (" + e.getMessage() + ")");
            }
        }

        /** The client for {@code bucket}: path-style when the credential asks or the name has dots (as n8n). */
        S3Client forBucket(String bucket) {
            return get(pathStyle || (bucket != null && bucket.contains(".")));
        }

        S3Client get(boolean path) {
            return byPathStyle.computeIfAbsent(path, p -> {
                String key = cred.path("accessKeyId").asText("").strip();
                String secret = cred.path("secretAccessKey").asText("").strip();
                AwsCredentials keys = cred.path("temporaryCredentials").asBoolean(false)
                        ? AwsSessionCredentials.create(
                                key,
                                secret,
                                cred.path("sessionToken").asText("").strip())
                        : AwsBasicCredentials.create(key, secret);
                var builder = S3Client.builder()
                        .httpClient(new S3PinnedHttp(ctx, current::get, timeout, false))
                        .region(Region.of(region))
                        .credentialsProvider(StaticCredentialsProvider.create(keys))
                        .forcePathStyle(p)
                        // like n8n: Content-MD5 where S3 needs one, no streaming checksums
                        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()));
                if (endpoint != null) {
                    builder.endpointOverride(endpoint);
                } else {
                    builder.crossRegionAccessEnabled(true);
                }
                return builder.build();
            });
        }

        String where() {
            return endpoint != null
                    ? endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "")
                    : "s3." + region + ".amazonaws.com";
        }

        void close() {
            byPathStyle.values().forEach(S3Client::close);
        }
    }

    private static List<Item> run(
            NodeContext ctx, Clients clients, String resource, String operation, int i, Item item) {
        PairedItem paired = new PairedItem(i, 0);
        List<ObjectNode> jsons =
                switch (resource + "." + operation) {
                    case "bucket.create" -> List.of(createBucket(ctx, clients, i));
                    case "bucket.delete" -> {
                        String name = required(ctx, "name", i);
                        clients.forBucket(name).deleteBucket(r -> r.bucket(name));
                        yield List.of(success());
                    }
                    case "bucket.getAll" -> listBuckets(ctx, clients, i);
                    case "bucket.search" -> search(ctx, clients, i);
                    case "folder.create" -> List.of(createFolder(ctx, clients, i));
                    case "folder.delete" -> List.of(deleteFolder(ctx, clients, i));
                    case "folder.getAll" -> listKeys(ctx, clients, i, true);
                    case "file.copy" -> List.of(copy(ctx, clients, i));
                    case "file.delete" -> {
                        String bucket = required(ctx, "bucketName", i);
                        String key = required(ctx, "fileKey", i);
                        String version = ctx.param("options.versionId", i, String.class, "");
                        clients.forBucket(bucket)
                                .deleteObject(
                                        r -> r.bucket(bucket).key(key).versionId(version.isBlank() ? null : version));
                        yield List.of(success());
                    }
                    case "file.getAll" -> listKeys(ctx, clients, i, false);
                    case "file.upload" -> List.of(upload(ctx, clients, i, item));
                    case "file.download" -> {
                        yield null;
                    }
                    default -> throw new IllegalStateException(resource + "." + operation);
                };
        if (jsons == null) {
            return List.of(download(ctx, clients, i, item));
        }
        List<Item> out = new ArrayList<>();
        for (ObjectNode json : jsons) {
            out.add(new Item(json, Map.of(), paired));
        }
        return out;
    }

    private static ObjectNode success() {
        return Json.object().put("success", true);
    }

    private static String required(NodeParameters ctx, String name, int i) {
        String value = ctx.param(name, i, String.class, "");
        if (value == null || value.isBlank()) {
            throw NodeException.user("parameter '" + name + "' is empty [item " + i + "]", i);
        }
        return value.strip();
    }

    private static ObjectNode createBucket(NodeContext ctx, Clients clients, int i) {
        String name = required(ctx, "name", i);
        String region = ctx.param("additionalFields.region", i, String.class, "");
        String target = region.isBlank() ? clients.region : region.strip();
        String acl = ctx.param("additionalFields.acl", i, String.class, "");
        boolean lock = ctx.param("additionalFields.bucketObjectLockEnabled", i, Boolean.class, false);
        CreateBucketRequest.Builder r = CreateBucketRequest.builder().bucket(name);
        if (!acl.isBlank()) {
            r.acl(paramCase(acl));
        }
        if (lock) {
            r.objectLockEnabledForBucket(true);
        }
        // as n8n: the location constraint is sent except for us-east-1, S3's default
        if (!target.equals("us-east-1")) {
            r.createBucketConfiguration(CreateBucketConfiguration.builder()
                    .locationConstraint(target)
                    .build());
        }
        clients.forBucket(name).createBucket(r.build());
        return success();
    }

    private static List<ObjectNode> listBuckets(NodeParameters ctx, Clients clients, int i) {
        boolean all = ctx.param("returnAll", 0, Boolean.class, false);
        int limit = ctx.param("limit", 0, Integer.class, 100);
        ListBucketsResponse r = clients.get(clients.pathStyle).listBuckets();
        List<ObjectNode> out = new ArrayList<>();
        for (Bucket b : r.buckets()) {
            if (!all && out.size() >= limit) {
                break;
            }
            ObjectNode json = Json.object().put("Name", b.name());
            json.put("CreationDate", time(b.creationDate()));
            out.add(json);
        }
        return out;
    }

    private static List<ObjectNode> search(NodeContext ctx, Clients clients, int i) {
        String bucket = required(ctx, "bucketName", i);
        boolean all = ctx.param("returnAll", 0, Boolean.class, false);
        int limit = ctx.param("limit", 0, Integer.class, 100);
        ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(bucket);
        String prefix = ctx.param("additionalFields.prefix", i, String.class, "");
        String delimiter = ctx.param("additionalFields.delimiter", i, String.class, "");
        String encoding = ctx.param("additionalFields.encodingType", i, String.class, "");
        String startAfter = ctx.param("additionalFields.startAfter", i, String.class, "");
        if (!prefix.isEmpty()) {
            r.prefix(prefix);
        }
        if (!delimiter.isEmpty()) {
            r.delimiter(delimiter);
        }
        if (!encoding.isEmpty()) {
            r.encodingType(encoding);
        }
        if (!startAfter.isEmpty()) {
            r.startAfter(startAfter);
        }
        if (ctx.param("additionalFields.fetchOwner", i, Boolean.class, false)) {
            r.fetchOwner(true);
        }
        if (ctx.param("additionalFields.requesterPays", i, Boolean.class, false)) {
            r.requestPayer(RequestPayer.REQUESTER);
        }
        if (!all) {
            // as n8n: one request of at most `limit` keys
            return objects(clients.forBucket(bucket)
                    .listObjectsV2(r.maxKeys(limit).build())
                    .contents());
        }
        return objects(listAll(clients.forBucket(bucket), r.build(), Integer.MAX_VALUE));
    }

    private static List<S3Object> listAll(S3Client s3, ListObjectsV2Request first, int max) {
        List<S3Object> all = new ArrayList<>();
        ListObjectsV2Request request = first;
        while (true) {
            ListObjectsV2Response page = s3.listObjectsV2(request);
            all.addAll(page.contents());
            if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextContinuationToken() == null || all.size() >= max) {
                return all;
            }
            request = request.toBuilder()
                    .continuationToken(page.nextContinuationToken())
                    .build();
        }
    }

    private static List<ObjectNode> objects(List<S3Object> contents) {
        List<ObjectNode> out = new ArrayList<>();
        for (S3Object o : contents) {
            out.add(object(o));
        }
        return out;
    }

    /** An object listing entry as n8n's XML parsing gives it: every value is text. */
    private static ObjectNode object(S3Object o) {
        ObjectNode json = Json.object();
        json.put("Key", o.key());
        json.put("LastModified", time(o.lastModified()));
        json.put("ETag", o.eTag());
        if (o.hasChecksumAlgorithm() && !o.checksumAlgorithm().isEmpty()) {
            json.put("ChecksumAlgorithm", o.checksumAlgorithmAsStrings().getFirst());
        }
        json.put("Size", String.valueOf(o.size()));
        if (o.owner() != null) {
            ObjectNode owner = json.putObject("Owner");
            owner.put("ID", o.owner().id());
            if (o.owner().displayName() != null) {
                owner.put("DisplayName", o.owner().displayName());
            }
        }
        json.put("StorageClass", o.storageClassAsString());
        return json;
    }

    private static String time(Instant t) {
        return t == null ? null : S3_TIME.format(t);
    }

    /** folder.getAll: the zero-byte keys ending in "/"; file.getAll: one level below the folder key, files only. */
    private static List<ObjectNode> listKeys(NodeContext ctx, Clients clients, int i, boolean folders) {
        String bucket = required(ctx, "bucketName", i);
        boolean all = ctx.param("returnAll", 0, Boolean.class, false);
        int limit = ctx.param("limit", 0, Integer.class, 100);
        String folderKey = ctx.param("options.folderKey", 0, String.class, "");
        ListObjectsV2Request.Builder r = ListObjectsV2Request.builder().bucket(bucket);
        if (!folderKey.isEmpty()) {
            r.prefix(folderKey);
        }
        if (ctx.param("options.fetchOwner", 0, Boolean.class, false)) {
            r.fetchOwner(true);
        }
        if (!folders) {
            r.delimiter("/");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (S3Object o : listAll(clients.forBucket(bucket), r.build(), Integer.MAX_VALUE)) {
            boolean folder = o.key().endsWith("/") && o.size() == 0;
            // as n8n: files are the keys that neither end in "/" nor are empty
            boolean keep =
                    folders ? folder && !o.key().equals(folderKey) : !o.key().endsWith("/") && o.size() != 0;
            if (keep) {
                out.add(object(o));
            }
            if (!all && out.size() >= limit) {
                break;
            }
        }
        return out;
    }

    private static ObjectNode createFolder(NodeContext ctx, Clients clients, int i) {
        String bucket = required(ctx, "bucketName", i);
        String folder = required(ctx, "folderName", i);
        String parent = ctx.param("additionalFields.parentFolderKey", i, String.class, "");
        String key = (parent.isBlank() ? "" : parent + "/") + folder + "/";
        PutObjectRequest.Builder r = PutObjectRequest.builder().bucket(bucket).key(key);
        String storageClass = ctx.param("additionalFields.storageClass", i, String.class, "");
        if (!storageClass.isBlank()) {
            r.storageClass(snakeUpper(storageClass));
        }
        if (ctx.param("additionalFields.requesterPays", i, Boolean.class, false)) {
            r.requestPayer(RequestPayer.REQUESTER);
        }
        clients.forBucket(bucket).putObject(r.build(), RequestBody.empty());
        return success();
    }

    private static ObjectNode deleteFolder(NodeContext ctx, Clients clients, int i) {
        String bucket = required(ctx, "bucketName", i);
        String folderKey = required(ctx, "folderKey", i);
        S3Client s3 = clients.forBucket(bucket);
        List<S3Object> inside = listAll(
                s3,
                ListObjectsV2Request.builder().bucket(bucket).prefix(folderKey).build(),
                Integer.MAX_VALUE);
        ObjectNode json = Json.object();
        ArrayNode deleted = json.putArray("deleted");
        if (inside.isEmpty()) {
            s3.deleteObject(r -> r.bucket(bucket).key(folderKey));
            deleted.addObject().put("Key", folderKey);
            return json;
        }
        // S3 deletes at most 1000 keys per request
        for (int from = 0; from < inside.size(); from += 1000) {
            List<ObjectIdentifier> keys = inside.subList(from, Math.min(inside.size(), from + 1000)).stream()
                    .map(o -> ObjectIdentifier.builder().key(o.key()).build())
                    .toList();
            DeleteObjectsResponse r = s3.deleteObjects(
                    d -> d.bucket(bucket).delete(Delete.builder().objects(keys).build()));
            r.deleted().forEach(d -> deleted.addObject().put("Key", d.key()));
            if (!r.errors().isEmpty()) {
                var e = r.errors().getFirst();
                throw NodeException.operational(
                        "deleting folder '" + folderKey + "' left " + r.errors().size() + " key(s), first '" + e.key()
                                + "': " + e.code() + " " + e.message() + " [item " + i + "]",
                        null);
            }
        }
        return json;
    }

    private static ObjectNode copy(NodeContext ctx, Clients clients, int i) {
        String source = required(ctx, "sourcePath", i);
        String destination = required(ctx, "destinationPath", i);
        String[] src = bucketAndKey("sourcePath", source, i);
        String[] dst = bucketAndKey("destinationPath", destination, i);
        CopyObjectRequest.Builder r = CopyObjectRequest.builder()
                .sourceBucket(src[0])
                .sourceKey(src[1])
                .destinationBucket(dst[0])
                .destinationKey(dst[1]);
        ObjectFields f = new ObjectFields(ctx, i);
        if (f.acl != null) {
            r.acl(f.acl);
        }
        if (f.storageClass != null) {
            r.storageClass(f.storageClass);
        }
        if (f.requesterPays) {
            r.requestPayer(RequestPayer.REQUESTER);
        }
        if (f.sse != null) {
            r.serverSideEncryption(f.sse);
        }
        if (f.kmsKeyId != null) {
            r.ssekmsKeyId(f.kmsKeyId);
        }
        if (f.sseContext != null) {
            r.ssekmsEncryptionContext(f.sseContext);
        }
        if (f.customerAlgorithm != null) {
            r.sseCustomerAlgorithm(f.customerAlgorithm);
        }
        if (f.customerKey != null) {
            r.sseCustomerKey(f.customerKey);
        }
        if (f.customerKeyMd5 != null) {
            r.sseCustomerKeyMD5(f.customerKeyMd5);
        }
        if (f.legalHold != null) {
            r.objectLockLegalHoldStatus(f.legalHold);
        }
        if (f.lockMode != null) {
            r.objectLockMode(f.lockMode);
        }
        if (f.retainUntil != null) {
            r.objectLockRetainUntilDate(f.retainUntil);
        }
        String metadata = ctx.param("additionalFields.metadataDirective", i, String.class, "");
        if (!metadata.isBlank()) {
            r.metadataDirective(metadata.toUpperCase(Locale.ROOT));
        }
        String tagging = ctx.param("additionalFields.taggingDirective", i, String.class, "");
        if (!tagging.isBlank()) {
            r.taggingDirective(tagging.toUpperCase(Locale.ROOT));
        }
        CopyObjectResponse response = clients.forBucket(dst[0]).copyObject(r.build());
        ObjectNode json = Json.object();
        if (response.copyObjectResult() != null) {
            json.put("LastModified", time(response.copyObjectResult().lastModified()));
            json.put("ETag", response.copyObjectResult().eTag());
        }
        return json;
    }

    /** "/bucket/key/with/slashes" → {bucket, key}. */
    private static String[] bucketAndKey(String parameter, String path, int i) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        int slash = p.indexOf('/');
        if (slash <= 0 || slash == p.length() - 1) {
            throw NodeException.user(
                    "parameter '" + parameter + "': '" + path + "' is not /bucket/key [item " + i + "]", i);
        }
        return new String[] {p.substring(0, slash), p.substring(slash + 1)};
    }

    private static ObjectNode upload(NodeContext ctx, Clients clients, int i, Item item) {
        String bucket = required(ctx, "bucketName", i);
        boolean binary = ctx.param("binaryData", i, Boolean.class, true);
        String fileName = ctx.param("fileName", i, String.class, "");
        String field = ctx.param("binaryPropertyName", i, String.class, "data");
        BinaryRef ref = null;
        String contentType;
        if (binary) {
            ref = item.binary().get(field);
            if (ref == null) {
                throw NodeException.user(
                        "this operation expects the node's input data to contain a binary file '" + field
                                + "', but none was found [item " + i + "]",
                        i);
            }
            contentType = ref.mimeType();
            if (fileName.isBlank()) {
                fileName = ref.fileName() == null ? "" : ref.fileName();
            }
        } else {
            contentType = "text/html"; // what n8n sends for text content
        }
        if (fileName.isBlank()) {
            throw NodeException.user(
                    "parameter 'fileName' is empty and the binary data has no file name [item " + i + "]", i);
        }
        String parent = ctx.param("additionalFields.parentFolderKey", i, String.class, "");
        String key = parent.isBlank() ? fileName : parent + "/" + fileName;
        PutObjectRequest.Builder r = PutObjectRequest.builder().bucket(bucket).key(key);
        if (contentType != null && !contentType.isBlank()) {
            r.contentType(contentType);
        }
        ObjectFields f = new ObjectFields(ctx, i);
        if (f.acl != null) {
            r.acl(f.acl);
        }
        if (f.storageClass != null) {
            r.storageClass(f.storageClass);
        }
        if (f.requesterPays) {
            r.requestPayer(RequestPayer.REQUESTER);
        }
        if (f.sse != null) {
            r.serverSideEncryption(f.sse);
        }
        if (f.kmsKeyId != null) {
            r.ssekmsKeyId(f.kmsKeyId);
        }
        if (f.sseContext != null) {
            r.ssekmsEncryptionContext(f.sseContext);
        }
        if (f.customerAlgorithm != null) {
            r.sseCustomerAlgorithm(f.customerAlgorithm);
        }
        if (f.customerKey != null) {
            r.sseCustomerKey(f.customerKey);
        }
        if (f.customerKeyMd5 != null) {
            r.sseCustomerKeyMD5(f.customerKeyMd5);
        }
        if (f.legalHold != null) {
            r.objectLockLegalHoldStatus(f.legalHold);
        }
        if (f.lockMode != null) {
            r.objectLockMode(f.lockMode);
        }
        if (f.retainUntil != null) {
            r.objectLockRetainUntilDate(f.retainUntil);
        }
        JsonNode tags = ctx.paramTree("tagsUi", i);
        if (tags != null
                && tags.path("tagsValues").isArray()
                && !tags.get("tagsValues").isEmpty()) {
            List<String> pairs = new ArrayList<>();
            for (JsonNode t : tags.get("tagsValues")) {
                pairs.add(urlEncode(t.path("key").asText("")) + "="
                        + urlEncode(t.path("value").asText("")));
            }
            r.tagging(String.join("&", pairs));
        }
        S3Client s3 = clients.forBucket(bucket);
        if (!binary) {
            byte[] text = ctx.param("fileContent", i, String.class, "").getBytes(StandardCharsets.UTF_8);
            s3.putObject(r.build(), RequestBody.fromBytes(text));
            return success();
        }
        try (InputStream in = BinaryFiles.store(ctx, i).open(ref)) {
            return S3Upload.send(s3, r.build(), in, ref.fileSize(), field, i);
        } catch (IOException e) {
            throw NodeException.operational(
                    "binary field '" + field + "' could not be read: " + e.getMessage() + " [item " + i + "]", e);
        }
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Item download(NodeContext ctx, Clients clients, int i, Item item) {
        String bucket = required(ctx, "bucketName", i);
        String key = required(ctx, "fileKey", i);
        if (key.endsWith("/")) {
            throw NodeException.user(
                    "Downloading a whole directory is not yet supported, please provide a file key [item " + i + "]",
                    i);
        }
        String field = ctx.param("binaryPropertyName", i, String.class, "data");
        ResponseBytes<GetObjectResponse> bytes =
                clients.forBucket(bucket).getObjectAsBytes(r -> r.bucket(bucket).key(key));
        if (bytes.asByteArrayUnsafe().length > MAX_DOWNLOAD_BYTES) {
            throw NodeException.user("the object is larger than " + MAX_DOWNLOAD_BYTES + " bytes [item " + i + "]", i);
        }
        String name = key.substring(key.lastIndexOf('/') + 1);
        BinaryRef ref;
        try {
            ref = BinaryFiles.put(
                    ctx, i, bytes.asByteArrayUnsafe(), name, bytes.response().contentType());
        } catch (IOException e) {
            throw NodeException.operational(
                    "the download could not be stored: " + e.getMessage() + " [item " + i + "]", e);
        }
        Map<String, BinaryRef> binary = new HashMap<>(item.binary());
        binary.put(field, ref);
        return new Item(item.json(), binary, new PairedItem(i, 0));
    }

    /** The object settings of copy and upload, converted as n8n converts them. */
    private static final class ObjectFields {
        String acl;
        String storageClass;
        boolean requesterPays;
        String sse;
        String kmsKeyId;
        String sseContext;
        String customerAlgorithm;
        String customerKey;
        String customerKeyMd5;
        String legalHold;
        String lockMode;
        Instant retainUntil;

        ObjectFields(NodeParameters ctx, int i) {
            acl = blankToNull(ctx.param("additionalFields.acl", i, String.class, ""), AwsS3Node::paramCase);
            storageClass =
                    blankToNull(ctx.param("additionalFields.storageClass", i, String.class, ""), AwsS3Node::snakeUpper);
            requesterPays = ctx.param("additionalFields.requesterPays", i, Boolean.class, false);
            sse = blankToNull(ctx.param("additionalFields.serverSideEncryption", i, String.class, ""), s -> s);
            kmsKeyId = blankToNull(ctx.param("additionalFields.encryptionAwsKmsKeyId", i, String.class, ""), s -> s);
            sseContext =
                    blankToNull(ctx.param("additionalFields.serverSideEncryptionContext", i, String.class, ""), s -> s);
            customerAlgorithm = blankToNull(
                    ctx.param("additionalFields.serversideEncryptionCustomerAlgorithm", i, String.class, ""), s -> s);
            customerKey = blankToNull(
                    ctx.param("additionalFields.serversideEncryptionCustomerKey", i, String.class, ""), s -> s);
            customerKeyMd5 = blankToNull(
                    ctx.param("additionalFields.serversideEncryptionCustomerKeyMD5", i, String.class, ""), s -> s);
            JsonNode fields = ctx.paramTree("additionalFields", i);
            if (fields != null && fields.has("lockLegalHold")) {
                legalHold = fields.get("lockLegalHold").asBoolean() ? "ON" : "OFF";
            }
            lockMode = blankToNull(
                    ctx.param("additionalFields.lockMode", i, String.class, ""), s -> s.toUpperCase(Locale.ROOT));
            String until = ctx.param("additionalFields.lockRetainUntilDate", i, String.class, "");
            if (!until.isBlank()) {
                try {
                    retainUntil = java.time.OffsetDateTime.parse(until).toInstant();
                } catch (java.time.format.DateTimeParseException e) {
                    try {
                        retainUntil = java.time.LocalDateTime.parse(until).toInstant(ZoneOffset.UTC);
                    } catch (java.time.format.DateTimeParseException e2) {
                        throw NodeException.user(
                                "additional field 'lockRetainUntilDate': '" + until + "' is not a date and time [item "
                                        + i + "]",
                                i);
                    }
                }
            }
        }

        private static String blankToNull(String s, java.util.function.UnaryOperator<String> f) {
            return s == null || s.isBlank() ? null : f.apply(s.strip());
        }
    }

    /** n8n's paramCase: "publicReadWrite" → "public-read-write", "Private" → "private". */
    static String paramCase(String s) {
        return words(s, "-").toLowerCase(Locale.ROOT);
    }

    /** n8n's snakeCase upper-cased: "standardIA" → "STANDARD_IA", "onezoneIA" → "ONEZONE_IA". */
    static String snakeUpper(String s) {
        return words(s, "_").toUpperCase(Locale.ROOT);
    }

    private static String words(String s, String sep) {
        // split before an upper-case letter that follows a lower-case one (change-case's rule)
        return s.replaceAll("([a-z0-9])([A-Z])", "$1" + sep + "$2").replaceAll("[\\s_-]+", sep);
    }

    private static NodeException failure(Clients clients, SdkException e, int i) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NodeException n) {
                return n; // the transport's own words (refused by the policy, unreachable, timeout)
            }
        }
        String where = clients.where();
        if (e instanceof S3Exception s3) {
            String code =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            String message =
                    s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorMessage();
            int status = s3.statusCode();
            boolean credentials = "InvalidAccessKeyId".equals(code)
                    || "SignatureDoesNotMatch".equals(code)
                    || "AccessDenied".equals(code)
                    || status == 401
                    || status == 403;
            String text = "S3 at " + where + " answered " + status + (code == null ? "" : " " + code)
                    + (message == null || message.isBlank() ? "" : ": " + message) + " [item " + i + "]";
            return new NodeException(
                    credentials || status == 404 || status == 409 || status == 400
                            ? ErrorKind.USER
                            : ErrorKind.OPERATIONAL,
                    text,
                    i,
                    null,
                    null);
        }
        if (e instanceof SdkClientException) {
            return new NodeException(
                    ErrorKind.OPERATIONAL,
                    "S3 at " + where + ": " + e.getMessage() + " [item " + i + "]",
                    i,
                    null,
                    null);
        }
        return new NodeException(
                ErrorKind.OPERATIONAL,
                "S3 at " + where + " failed: " + e.getMessage() + " [item " + i + "]",
                i,
                null,
                null);
    }
}
