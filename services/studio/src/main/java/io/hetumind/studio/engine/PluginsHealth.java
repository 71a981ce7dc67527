package io.hetumind.studio.engine;

import io.hetumind.sdk.plugin.LivePlugins;
import io.hetumind.sdk.plugin.Plugins;
import io.hetumind.sdk.plugin.RefusedPlugin;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/well}: each loaded node plugin's own health ({@code PluginLifecycle.health}, bounded to 2 s) and
 * each refused plugin with its reason; DOWN when a loaded plugin reports a problem. A wellness check: the studio and
 * every other node keep working.
 */
@Wellness
@ApplicationScoped
public class PluginsHealth implements HealthCheck {
    private final LivePlugins plugins;

    public PluginsHealth(LivePlugins plugins) {
        this.plugins = plugins;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("node-plugins");
        boolean up = true;
        Plugins now = plugins.current(); // as of the last reload
        for (Map.Entry<String, String> e : now.health(Duration.ofSeconds(2)).entrySet()) {
            b.withData(e.getKey(), e.getValue() == null ? "up" : e.getValue());
            up &= e.getValue() == null;
        }
        for (RefusedPlugin r : now.refused()) {
            b.withData("refused." + r.jar().getFileName(), r.reason());
        }
        return b.status(up).build();
    }
}
