package io.hetumind.nodes.aws;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Uploads of binary data, read from the binary store a part at a time: a body that fits in one part goes
 * in one PUT ({@code {success: true}}); a larger one through S3's multipart upload in n8n's 5 MB parts
 * (larger parts when 10 000 would not hold the file), answered as n8n answers it, with the fields of
 * S3's {@code CompleteMultipartUploadResult}. A failing multipart upload is aborted, so S3 keeps no
 * parts to bill.
 */
final class S3Upload {

    /** n8n's {@code UPLOAD_CHUNK_SIZE}, and S3's smallest part but the last. */
    static final int PART_SIZE = 5 * 1024 * 1024;

    /** S3's most parts per upload. */
    static final int MAX_PARTS = 10_000;

    private S3Upload() {}

    /** The part size for a file of {@code size} bytes (0 when unknown): 5 MB, or more when 10 000 parts would not hold it. */
    static int partSize(long size) {
        long needed = (size + MAX_PARTS - 1) / MAX_PARTS;
        if (needed <= PART_SIZE) {
            return PART_SIZE;
        }
        long mib = 1024L * 1024L;
        long rounded = (needed + mib - 1) / mib * mib;
        if (rounded > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too large for one S3 object: " + size + " bytes");
        }
        return (int) rounded;
    }

    /**
     * Sends {@code in} as the object {@code put} names, with {@code put}'s settings (content type, ACL,
     * storage class, encryption, object lock, tags) on the single PUT or on the multipart upload.
     */
    static ObjectNode send(S3Client s3, PutObjectRequest put, InputStream in, long size, String field, int i) {
        int partSize;
        try {
            partSize = partSize(size);
        } catch (IllegalArgumentException e) {
            throw NodeException.user(
                    "binary field '" + field + "' is " + e.getMessage() + " (S3 takes at most 5 TB) [item " + i + "]",
                    i);
        }
        byte[] first = read(in, partSize, field, i);
        byte[] next = first.length < partSize ? new byte[0] : read(in, partSize, field, i);
        if (next.length == 0) {
            s3.putObject(put, RequestBody.fromBytes(first));
            return Json.object().put("success", true);
        }
        return multipart(s3, put, first, next, in, partSize, field, i);
    }

    private static ObjectNode multipart(
            S3Client s3,
            PutObjectRequest put,
            byte[] first,
            byte[] second,
            InputStream in,
            int partSize,
            String field,
            int i) {
        String uploadId = s3.createMultipartUpload(r -> r.bucket(put.bucket())
                        .key(put.key())
                        .contentType(put.contentType())
                        .acl(put.aclAsString())
                        .storageClass(put.storageClassAsString())
                        .requestPayer(put.requestPayerAsString())
                        .serverSideEncryption(put.serverSideEncryptionAsString())
                        .ssekmsKeyId(put.ssekmsKeyId())
                        .ssekmsEncryptionContext(put.ssekmsEncryptionContext())
                        .sseCustomerAlgorithm(put.sseCustomerAlgorithm())
                        .sseCustomerKey(put.sseCustomerKey())
                        .sseCustomerKeyMD5(put.sseCustomerKeyMD5())
                        .objectLockLegalHoldStatus(put.objectLockLegalHoldStatusAsString())
                        .objectLockMode(put.objectLockModeAsString())
                        .objectLockRetainUntilDate(put.objectLockRetainUntilDate())
                        .tagging(put.tagging()))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            byte[] current = first;
            byte[] next = second;
            while (current.length > 0) {
                int number = parts.size() + 1;
                if (number > MAX_PARTS) {
                    throw NodeException.user(
                            "binary field '" + field + "' grew past " + MAX_PARTS
                                    + " parts while it was uploaded [item " + i + "]",
                            i);
                }
                byte[] body = current;
                UploadPartResponse part = s3.uploadPart(
                        r -> r.bucket(put.bucket())
                                .key(put.key())
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength((long) body.length)
                                .requestPayer(put.requestPayerAsString())
                                .sseCustomerAlgorithm(put.sseCustomerAlgorithm())
                                .sseCustomerKey(put.sseCustomerKey())
                                .sseCustomerKeyMD5(put.sseCustomerKeyMD5()),
                        RequestBody.fromBytes(body));
                parts.add(CompletedPart.builder()
                        .partNumber(number)
                        .eTag(part.eTag())
                        .build());
                current = next;
                next = current.length < partSize ? new byte[0] : read(in, partSize, field, i);
            }
            CompleteMultipartUploadResponse done = s3.completeMultipartUpload(r -> r.bucket(put.bucket())
                    .key(put.key())
                    .uploadId(uploadId)
                    .requestPayer(put.requestPayerAsString())
                    .sseCustomerAlgorithm(put.sseCustomerAlgorithm())
                    .sseCustomerKey(put.sseCustomerKey())
                    .sseCustomerKeyMD5(put.sseCustomerKeyMD5())
                    .multipartUpload(m -> m.parts(parts)));
            // n8n returns the CompleteMultipartUploadResult element as xml2js reads it: text values
            ObjectNode json = Json.object();
            json.put("Location", done.location());
            json.put("Bucket", done.bucket());
            json.put("Key", done.key());
            json.put("ETag", done.eTag());
            return json;
        } catch (NodeException | SdkException e) {
            abort(s3, put, uploadId, e);
            throw e;
        }
    }

    /** Best effort: the upload's own failure is what the user sees. */
    private static void abort(S3Client s3, PutObjectRequest put, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(r ->
                    r.bucket(put.bucket()).key(put.key()).uploadId(uploadId).requestPayer(put.requestPayerAsString()));
        } catch (SdkException e) {
            cause.addSuppressed(e);
        }
    }

    /** Up to {@code n} bytes; fewer only at the end of the stream. */
    private static byte[] read(InputStream in, int n, String field, int i) {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw NodeException.operational(
                    "binary field '" + field + "' could not be read: " + e.getMessage() + " [item " + i + "]", e);
        }
    }
}
