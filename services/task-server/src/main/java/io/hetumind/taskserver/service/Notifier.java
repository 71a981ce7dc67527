package io.hetumind.taskserver.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hetumind.core.task.InstanceState;
import io.hetumind.taskserver.model.Instance;
import io.hetumind.taskserver.model.Job;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/** The per-job notification hook: a JSON POST to the job's {@code notifyUrl} when an instance fails for good. */
@ApplicationScoped
public class Notifier {
    private static final Logger LOG = Logger.getLogger(Notifier.class);
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final io.micrometer.core.instrument.MeterRegistry registry;

    public Notifier(ObjectMapper json, io.micrometer.core.instrument.MeterRegistry registry) {
        this.json = json;
        this.registry = registry;
    }

    void failed(Job job, Instance i, InstanceState status) {
        if (job.notifyUrl() == null) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", "instance.failed");
        body.put("jobId", job.id());
        body.put("jobName", job.name());
        body.put("namespace", job.namespace());
        body.put("instanceId", i.id());
        body.put("taskId", i.taskId());
        body.put("attempt", i.attempt());
        body.put("status", status.wire());
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(job.notifyUrl()))
                    .timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            http.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                String outcome = e != null ? "error" : r.statusCode() < 300 ? "ok" : "refused";
                registry.counter("sched.notifications", "outcome", outcome).increment();
                if (e != null || r.statusCode() >= 300) {
                    LOG.warnf("failure hook of job %s: %s", job.id(), e != null ? e.getMessage() : r.statusCode());
                }
            });
        } catch (Exception e) {
            LOG.warnf("failure hook of job %s not sent: %s", job.id(), e.getMessage());
        }
    }
}
