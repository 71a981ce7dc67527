package io.hetumind.core.spi;

/**
 * A node failure, carrying who is at fault and, when it concerns one item, that item's
 * index. The engine adds the node name.
 */
public class NodeException extends RuntimeException {

    private final ErrorKind kind;
    private final int itemIndex;
    private final String description;

    public NodeException(ErrorKind kind, String message, int itemIndex, String description, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.itemIndex = itemIndex;
        this.description = description;
    }

    /** A user error (bad parameters or data) about item {@code itemIndex}, or -1 for none. */
    public static NodeException user(String message, int itemIndex) {
        return new NodeException(ErrorKind.USER, message, itemIndex, null, null);
    }

    public static NodeException user(String message) {
        return user(message, -1);
    }

    /** A remote or transient failure. */
    public static NodeException operational(String message, Throwable cause) {
        return new NodeException(ErrorKind.OPERATIONAL, message, -1, null, cause);
    }

    public ErrorKind kind() {
        return kind;
    }

    /** Index of the failing item, or -1. */
    public int itemIndex() {
        return itemIndex;
    }

    public String description() {
        return description;
    }
}
