package io.hetumind.studio.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The studio as an instance running on Temporal is configured: {@code hetumind.executor=temporal}, so every execution
 * that can (webhook runs among them) starts on Temporal's test server ({@link TestTemporal}). A webhook answer waits
 * 20 s ({@code response-timeout}: a 30-step loop that continues as new answered in 10.3 s on a loaded CI machine, past
 * the 10 s it was), and waits park only after 30 s, so a test can outlast the answer without parking.
 * Workflows continue as new after 100 history events (the least allowed), so a loop of a few dozen steps crosses it.
 */
public final class TemporalByDefault implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "hetumind.executor", "temporal",
                "hetumind.studio.triggers.response-timeout", "20s",
                "hetumind.studio.engine.park-after", "30s",
                "hetumind.temporal.continue-as-new-after", "100");
    }
}
