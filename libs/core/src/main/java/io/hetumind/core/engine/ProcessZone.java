package io.hetumind.core.engine;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The process zone a host without a configuration file reads from its environment ({@code HETUMIND_PROCESS_ZONE}, as
 * n8n reads {@code TZ}); UTC when unset. See {@link Engine.Builder#processZone}.
 */
public final class ProcessZone {

    public static final String ENV = "HETUMIND_PROCESS_ZONE";

    private ProcessZone() {}

    /** The zone named by {@value #ENV}, UTC when it is unset or blank; an unknown name is a clear error. */
    public static ZoneId fromEnvironment(Map<String, String> env) {
        String name = env.get(ENV);
        if (name == null || name.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(name.strip());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    ENV + " must name a time zone (such as Europe/Berlin or UTC), got '" + name + "'");
        }
    }
}
