package io.hetumind.core.spi;

/** Who is at fault for an error, which decides retries, reporting and HTTP status. */
public enum ErrorKind {
    /** Bad workflow or bad input data: not retried by default, never reported as a bug. */
    USER,
    /** A remote system failed or timed out: retried under the node's retry policy. */
    OPERATIONAL,
    /** A defect in Hetumind or a node implementation. */
    BUG
}
