package io.hetumind.core.engine;

/** A resume token that is malformed or was not issued for its execution: says nothing more. */
public final class InvalidResumeTokenException extends IllegalArgumentException {

    public InvalidResumeTokenException() {
        super("invalid resume token");
    }
}
