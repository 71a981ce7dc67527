package io.hetumind.core.model;

/**
 * A binary attachment by reference: {@code id} locates the bytes in a binary store; the rest
 * is metadata shown to users and expressions. Bytes are never inlined into execution state.
 */
public record BinaryRef(
        String id, String mimeType, String fileName, String fileExtension, String fileType, long fileSize) {}
