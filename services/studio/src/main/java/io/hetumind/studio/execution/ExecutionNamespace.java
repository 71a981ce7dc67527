package io.hetumind.studio.execution;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binary namespaces named after an execution: its id, alone or with a child run's suffix ({@code .c<task>.<n>},
 * {@code .error}). Any other name was stored before its execution existed (a listener's attachments).
 */
final class ExecutionNamespace {
    private static final Pattern EXECUTION =
            Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\\..+)?");

    private ExecutionNamespace() {}

    /** The execution {@code namespace} belongs to, if it is named after one. */
    static Optional<UUID> of(String namespace) {
        Matcher m = EXECUTION.matcher(namespace);
        return m.matches() ? Optional.of(UUID.fromString(m.group(1))) : Optional.empty();
    }
}
