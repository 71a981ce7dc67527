package io.hetumind.nodes.http;

import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NodeException;

/** A failure of a sent request, named like n8n's error classes so error items read the same ({@code error.name}). */
final class HttpNodeError extends NodeException {

    private final String name;
    private final int httpCode;

    HttpNodeError(String name, String message, int itemIndex, String description) {
        this(name, ErrorKind.USER, message, itemIndex, description, 0);
    }

    HttpNodeError(String name, ErrorKind kind, String message, int itemIndex, String description, int httpCode) {
        super(kind, message, itemIndex, description, null);
        this.name = name;
        this.httpCode = httpCode;
    }

    String errorName() {
        return name;
    }

    int httpCode() {
        return httpCode;
    }
}
