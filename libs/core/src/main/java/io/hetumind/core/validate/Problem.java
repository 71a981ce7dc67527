package io.hetumind.core.validate;

/**
 * One validation finding: a stable {@code code}, the node it concerns (null for the whole
 * workflow), the JSON path in the workflow file and a message for people.
 */
public record Problem(Severity severity, String code, String node, String path, String message) {

    /** Errors stop a run; warnings are shown only. */
    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(String code, String node, String path, String message) {
        return new Problem(Severity.ERROR, code, node, path, message);
    }

    @Override
    public String toString() {
        return (node == null ? "" : "[" + node + "] ") + path + ": " + message + " (" + code + ")";
    }
}
