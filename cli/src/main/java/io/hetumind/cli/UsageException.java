package io.hetumind.cli;

/** The command line itself is wrong (unknown option, missing value or parameter): exit 2 with the command's usage. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message);
    }
}
