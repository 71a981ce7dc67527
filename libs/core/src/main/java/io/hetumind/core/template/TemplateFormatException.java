package io.hetumind.core.template;

/** A template document that cannot be read: malformed text, a wrong shape (the message names the JSON path), or a format newer than this build. */
public class TemplateFormatException extends RuntimeException {
    public TemplateFormatException(String message) {
        super(message);
    }
}
