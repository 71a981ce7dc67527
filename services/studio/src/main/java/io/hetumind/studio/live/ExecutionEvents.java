package io.hetumind.studio.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Fans the execution notices of every replica out to this process's live connections: one LISTEN for the process,
 * then per execution (node events and status) and per tenant (status changes only). Remembers the owners of the last
 * {@value #OWNERS} executions it heard of.
 */
@ApplicationScoped
public class ExecutionEvents {
    /** The channel the executions area publishes on. */
    public static final String CHANNEL = "hetumind_execution_events";

    static final int OWNERS = 20_000;

    private final PgNotifications notifications;
    private final LiveWatch watch;
    private final Map<String, Set<Consumer<ExecutionEvent>>> byExecution = new ConcurrentHashMap<>();
    private final Map<UUID, Set<Consumer<ExecutionEvent>>> byTenant = new ConcurrentHashMap<>();
    private final Map<String, UUID> owners = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, UUID> eldest) {
            return size() > OWNERS;
        }
    });
    private final Counter received;
    private final Counter malformed;

    public ExecutionEvents(PgNotifications notifications, LiveWatch watch, MeterRegistry metrics) {
        this.notifications = notifications;
        this.watch = watch;
        this.received = Counter.builder("hetumind.live.events")
                .description("execution notices received")
                .register(metrics);
        this.malformed = Counter.builder("hetumind.live.events.malformed")
                .description("execution notices dropped as malformed")
                .register(metrics);
        Gauge.builder("hetumind.live.connections", this, e -> e.connections())
                .description("live WebSocket subscriptions on this process")
                .register(metrics);
    }

    void start(@Observes StartupEvent event) {
        notifications.subscribe(CHANNEL, payload -> Notices.unpack(payload).forEach(this::notified), () -> {});
    }

    /** Whether notices are being received (the LISTEN connection is up). */
    public boolean listening() {
        return notifications.connected();
    }

    public Optional<UUID> ownerOf(String executionId) {
        return Optional.ofNullable(owners.get(executionId));
    }

    /** Delivers the events of {@code executionId} that belong to {@code tenantId}; run the result to stop. */
    public Runnable execution(String executionId, UUID tenantId, Consumer<ExecutionEvent> sink) {
        Consumer<ExecutionEvent> filtered = e -> {
            if (e.tenantId().equals(tenantId)) {
                sink.accept(e);
            }
        };
        byExecution
                .computeIfAbsent(executionId, k -> ConcurrentHashMap.newKeySet())
                .add(filtered);
        watch.opened(tenantId);
        return () -> {
            remove(byExecution, executionId, filtered);
            watch.closed(tenantId);
        };
    }

    /** Delivers the status changes of every execution of {@code tenantId}; run the result to stop. */
    public Runnable tenant(UUID tenantId, Consumer<ExecutionEvent> sink) {
        byTenant.computeIfAbsent(tenantId, k -> ConcurrentHashMap.newKeySet()).add(sink);
        watch.opened(tenantId);
        return () -> {
            remove(byTenant, tenantId, sink);
            watch.closed(tenantId);
        };
    }

    void notified(String payload) {
        ExecutionEvent e = ExecutionEvent.parse(payload);
        if (e == null) {
            malformed.increment();
            return;
        }
        received.increment();
        owners.putIfAbsent(e.executionId(), e.tenantId());
        byExecution.getOrDefault(e.executionId(), Set.of()).forEach(s -> s.accept(e));
        if (e.statusChange()) {
            byTenant.getOrDefault(e.tenantId(), Set.of()).forEach(s -> s.accept(e));
        }
    }

    private int connections() {
        return byExecution.values().stream().mapToInt(Set::size).sum()
                + byTenant.values().stream().mapToInt(Set::size).sum();
    }

    private static <K> void remove(Map<K, Set<Consumer<ExecutionEvent>>> map, K key, Consumer<ExecutionEvent> sink) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(sink);
            return set.isEmpty() ? null : set;
        });
    }
}
