package io.hetumind.taskserver.service;

import io.hetumind.taskserver.model.Job;
import io.hetumind.taskserver.model.Schedule;
import io.hetumind.taskserver.repository.Db;
import io.hetumind.taskserver.repository.InstanceRepository;
import io.hetumind.taskserver.repository.JobRepository;
import io.hetumind.taskserver.repository.ScheduleRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** Fires {@code flow} schedules: once every job they wait on has succeeded since their last firing. */
@ApplicationScoped
public class FlowTrigger {
    private final ScheduleRepository schedules;
    private final InstanceRepository instances;
    private final JobRepository jobs;

    public FlowTrigger(ScheduleRepository schedules, InstanceRepository instances, JobRepository jobs) {
        this.schedules = schedules;
        this.instances = instances;
        this.jobs = jobs;
    }

    void succeeded(Connection c, Job job, List<Runnable> afterCommit) throws SQLException {
        for (ScheduleRepository.Row row : schedules.flowsAfter(c, job.id())) {
            Schedule s = row.schedule();
            Instant since = s.lastFiredAt() == null ? s.createdAt() : s.lastFiredAt();
            Long done = Db.one(
                    c,
                    "SELECT count(DISTINCT job_id) FROM task_instance WHERE job_id = ANY(?) AND status = 'succeeded'"
                            + " AND finished_at > ?",
                    rs -> rs.getLong(1),
                    c.createArrayOf("uuid", s.afterJobs().toArray()),
                    since);
            if (done != null && done == s.afterJobs().size()) {
                Job target = jobs.byId(c, s.jobId());
                Instant now = Instant.now();
                instances.plan(c, target, null, "flow", now);
                schedules.fired(c, s.id(), now);
            }
        }
    }
}
