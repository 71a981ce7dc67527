package io.hetumind.studio.designer;

import io.hetumind.studio.config.StudioConfig;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Set;

/**
 * {@code /tasks/api/v1/<area>/…} → the task-server's {@code /api/v1/<area>/…} (jobs, schedules, tasks, task instances,
 * agents, servers), for the designer's scheduler pages; the caller's bearer token goes with the call and the
 * task-server checks it. Followed log streams ({@code follow=true}) are refused: a buffered pass-through cannot stream,
 * and the pages read logs in pages ({@code after=}). Without {@code hetumind.studio.scheduler.url} every call is a 503
 * problem that says so.
 */
@ApplicationScoped
public class TaskServerPassThrough {
    static final String PREFIX = "/tasks";
    static final Set<String> AREAS = Set.of("jobs", "schedules", "tasks", "task-instances", "agents", "servers");

    private final boolean serves;
    private final SchedulerConfig config;

    public TaskServerPassThrough(StudioConfig studio, SchedulerConfig config) {
        this.serves = studio.role().runsApi();
        this.config = config;
    }

    void install(@Observes Router router, Vertx vertx) {
        if (!serves) {
            return;
        }
        if (config.url().isEmpty()) {
            PassThrough.route(
                    router,
                    PREFIX,
                    ctx -> PassThrough.problem(
                            ctx,
                            503,
                            "scheduler-not-configured",
                            "Service Unavailable",
                            "this studio is not connected to a task-server: set hetumind.studio.scheduler.url"
                                    + " (HETUMIND_STUDIO_SCHEDULER_URL)"));
            return;
        }
        URI base = URI.create(config.url().get());
        if (base.getHost() == null || base.getScheme() == null) {
            throw new IllegalStateException(
                    "hetumind.studio.scheduler.url must be an absolute http(s) URL, got " + base);
        }
        new PassThrough(new PassThrough.Target(
                        PREFIX,
                        "scheduler",
                        "The task-server",
                        base,
                        AREAS,
                        config.connectTimeout(),
                        config.timeout(),
                        req -> "true".equalsIgnoreCase(req.getParam("follow"))
                                ? "followed log streams do not pass through the studio; read logs in pages (after=)"
                                : null))
                .install(router, vertx);
    }
}
