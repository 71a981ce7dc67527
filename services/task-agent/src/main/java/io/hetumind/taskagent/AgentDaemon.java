package io.hetumind.taskagent;

import io.hetumind.taskagent.config.AgentConfig;
import io.hetumind.taskagent.link.ServerLink;
import io.hetumind.taskagent.link.TokenSource;
import io.hetumind.taskagent.outbox.Outbox;
import io.hetumind.taskagent.run.LocalLogs;
import io.hetumind.taskagent.run.Runner;
import io.hetumind.taskagent.schedule.PinnedStore;
import io.hetumind.taskagent.schedule.Wheel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.jboss.logging.Logger;

/** Starts the agent when the application starts: outbox, runner, the link to the server; stops them at shutdown. */
@ApplicationScoped
public class AgentDaemon {
    private static final Logger LOG = Logger.getLogger(AgentDaemon.class);
    private final AgentConfig config;
    private final Tracer tracer;
    private final MeterRegistry meters;
    private ServerLink link;
    private Runner runner;
    private Outbox outbox;
    private Wheel wheel;

    public AgentDaemon(AgentConfig config, Tracer tracer, MeterRegistry meters) {
        this.config = config;
        this.tracer = tracer;
        this.meters = meters;
    }

    void start(@Observes StartupEvent e) {
        if (config.maxConcurrency() < 1 || config.maxConcurrency() > 10_000) {
            throw new IllegalArgumentException("hetumind.agent.max-concurrency must be 1..10000");
        }
        outbox = Outbox.open(config.dataDir().resolve("outbox"), config.fsync());
        LocalLogs logs = new LocalLogs(
                config.dataDir().resolve("logs"), config.logMaxBytes(), config.logRollovers(), config.logKeep());
        runner = new Runner(config.maxConcurrency(), logs, config.killGrace(), tracer, config.startHeldAhead());
        Runner r = runner;
        Gauge.builder("agent_runs_held", r, Runner::held)
                .description("Dispatches held until their start time (not_before) by the local timer")
                .register(meters);
        Gauge.builder("agent_runs_active", r, Runner::running)
                .description("Runs holding a slot: running, or held until their start time")
                .register(meters);
        String name = config.name().orElseGet(AgentDaemon::hostName);
        link = new ServerLink(
                new ServerLink.Settings(
                        java.util.Arrays.stream(config.serverUrl().split(","))
                                .map(String::trim)
                                .filter(u -> !u.isEmpty())
                                .map(URI::create)
                                .toList(),
                        name,
                        config.labels(),
                        config.reconnectMin(),
                        config.reconnectMax(),
                        config.ackTimeout(),
                        config.dataDir()),
                new TokenSource(config.iamUrl(), config.token(), config.tokenFile()),
                outbox,
                runner);
        ServerLink l = link;
        Counter fires = Counter.builder("agent_local_fires")
                .description("Runs started by the local wheel for pinned schedules (retries and daemon restarts too)")
                .register(meters);
        Timer lag = Timer.builder("agent_local_fire_lag")
                .description("From a pinned schedule's fire time to its run being handed to the runner")
                .publishPercentiles(0.5, 0.99)
                .register(meters);
        wheel = new Wheel(new PinnedStore(config.dataDir()), runner, l::reporterForFire, new Wheel.Counters() {
            @Override
            public void fired(String kind, java.time.Duration d) {
                fires.increment();
                lag.record(d);
            }

            @Override
            public void missed(String misfire, long fireTimes) {
                meters.counter("agent_local_misfires", "misfire", misfire).increment(fireTimes);
            }
        });
        Wheel w = wheel;
        Gauge.builder("agent_local_schedules", w, Wheel::size)
                .description("Pinned schedules this agent fires itself")
                .register(meters);
        try {
            wheel.start();
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException("cannot read the pinned schedules in " + config.dataDir(), ex);
        }
        link.onScheduleSync(wheel::apply);
        LOG.infof(
                "agent %s: server %s, labels %s, %d slots, %d messages in the outbox, %d pinned schedules",
                name, config.serverUrl(), config.labels(), config.maxConcurrency(), outbox.size(), wheel.size());
        link.start();
    }

    void stop(@Observes ShutdownEvent e) {
        if (link != null) {
            wheel.close();
            link.stop();
            runner.cancelAll();
            outbox.close();
        }
    }

    public ServerLink link() {
        return link;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException ex) {
            return "agent";
        }
    }
}
