package io.hetumind.lambda.handler;

/** The request is malformed: the caller's fault, answered as an ERROR of type {@code bad-request}. */
public class BadRequestException extends RuntimeException {
    public BadRequestException(String message) {
        super(message);
    }
}
