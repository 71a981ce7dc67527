package io.hetumind.core.task;

/** A frame that breaks the protocol; {@code code} is the stable reason sent back in an {@code error} frame. */
public class ProtocolException extends Exception {
    private final String code;

    public ProtocolException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
