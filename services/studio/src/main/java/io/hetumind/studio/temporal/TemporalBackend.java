package io.hetumind.studio.temporal;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ErrorWorkflowLauncher;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.engine.SubWorkflowStarter;
import io.hetumind.core.engine.WorkflowResolver;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.ExecutionCustomData;
import io.hetumind.core.spi.ProcessedDataStore;
import io.hetumind.executor.temporal.ExecutionInput;
import io.hetumind.executor.temporal.TemporalConnection;
import io.hetumind.executor.temporal.TemporalExecutor;
import io.hetumind.executor.temporal.TemporalOptions;
import io.hetumind.executor.temporal.TemporalWorkers;
import io.hetumind.executor.temporal.WorkerHooks;
import io.hetumind.platform.db.Jdbc;
import io.hetumind.studio.config.StudioConfig;
import io.hetumind.studio.credential.TenantCredentials;
import io.hetumind.studio.execution.CustomData;
import io.hetumind.studio.execution.LiveEvents;
import io.hetumind.studio.workflow.ProcessedData;
import io.hetumind.studio.workflow.TenantWorkflows;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The studio's connection to Temporal when {@code hetumind.executor=temporal} (or {@code hetumind.temporal.enabled}):
 * checks the keys at start (a bad one stops the start, naming it), holds the client and the
 * {@link TemporalExecutor}, and in the {@code all} and {@code worker} roles runs a Temporal worker whose node tries get
 * the same per-run services as native runs (the tenant's credentials for the user the run acts for, the tenant's
 * sub-workflows and error workflows) and report node starts and ends to the live feed.
 */
@ApplicationScoped
public class TemporalBackend {
    private static final Logger LOG = Logger.getLogger(TemporalBackend.class);

    /** Context keys of an execution's Temporal input besides {@link PgRunDataStore#TENANT}. */
    static final String WORKFLOW = "workflowId";

    static final String RUN_AS = "runAs";

    private final TemporalConfig config;
    private final Backend backend;
    private final StudioConfig studio;
    private final Engine engine;
    private final Jdbc db;
    private final TenantCredentials credentials;
    private final TenantWorkflows tenantWorkflows;
    private final LiveEvents live;
    private final ProcessedData processedData;
    private final CustomData customData;
    private volatile WorkflowServiceStubs service;
    private volatile WorkerFactory factory;
    private volatile TemporalExecutor executor;
    private volatile TemporalOptions options;

    public TemporalBackend(
            TemporalConfig config,
            @ConfigProperty(name = "hetumind.executor", defaultValue = "native") String executor,
            StudioConfig studio,
            Engine engine,
            Jdbc db,
            TenantCredentials credentials,
            TenantWorkflows tenantWorkflows,
            LiveEvents live,
            ProcessedData processedData,
            CustomData customData) {
        this.customData = customData;
        this.config = config;
        this.processedData = processedData;
        this.backend = backend(executor);
        this.studio = studio;
        this.engine = engine;
        this.db = db;
        this.credentials = credentials;
        this.tenantWorkflows = tenantWorkflows;
        this.live = live;
    }

    /** Whether this studio talks to Temporal at all. */
    public boolean enabled() {
        return config.enabled().orElse(backend == Backend.TEMPORAL);
    }

    /** The backend new executions run on, as their launch document records it. */
    public Backend defaultBackend() {
        return backend;
    }

    /** {@code hetumind.executor}, checked: a value that names no backend stops the start. */
    static Backend backend(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "native" -> Backend.NATIVE;
            case "temporal" -> Backend.TEMPORAL;
            default ->
                throw new ConfigurationException(
                        "hetumind.executor (HETUMIND_EXECUTOR) must be native or temporal, was '" + value + "'");
        };
    }

    void start(@Observes StartupEvent e) {
        options = options(config, backend);
        if (!enabled()) {
            return;
        }
        TemporalConnection connection = connection(config, options);
        service = WorkflowServiceStubs.newServiceStubs(connection.stubsOptions());
        WorkflowClient client = WorkflowClient.newInstance(
                service,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(options.namespace())
                        .build());
        PgRunDataStore store = new PgRunDataStore(db);
        executor = new TemporalExecutor(client, store, options);
        if (studio.role().runsWorkers()) {
            factory = WorkerFactory.newInstance(client);
            TemporalWorkers.register(factory.newWorker(options.taskQueue()), engine, store, options, new Hooks());
            factory.start();
        }
        LOG.infof(
                "Temporal: %s%s, namespace %s, task queue %s%s; new executions run %s",
                options.target(),
                connection.secure() ? (connection.apiKey() != null ? " (TLS, API key)" : " (TLS)") : "",
                options.namespace(),
                options.taskQueue(),
                factory == null ? " (no worker in this role)" : ", worker started",
                backend.name().toLowerCase(java.util.Locale.ROOT));
    }

    void stop(@Observes ShutdownEvent e) {
        if (factory != null) {
            // node tries in flight fail their attempt and run again on another worker
            factory.shutdownNow();
            factory.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (service != null) {
            service.shutdownNow();
        }
    }

    /**
     * The executor of Temporal executions; an execution recorded as started on Temporal on a studio that does not talk
     * to Temporal fails with a message naming the key to set.
     */
    public TemporalExecutor executor() {
        TemporalExecutor e = executor;
        if (e == null) {
            throw new IllegalStateException("this execution runs on Temporal, but this studio does not connect to it:"
                    + " set hetumind.temporal.enabled=true (HETUMIND_TEMPORAL_ENABLED) and hetumind.temporal.target");
        }
        return e;
    }

    /** How long a run thread waits on a Temporal execution between looks at whether it parked. */
    public java.time.Duration poll() {
        return config.poll();
    }

    /** The context an execution's node tries read: its tenant, workflow and the user it acts for. */
    public static Map<String, String> context(UUID tenantId, UUID workflowId, UUID runAs) {
        return runAs == null
                ? Map.of(PgRunDataStore.TENANT, tenantId.toString(), WORKFLOW, workflowId.toString())
                : Map.of(
                        PgRunDataStore.TENANT,
                        tenantId.toString(),
                        WORKFLOW,
                        workflowId.toString(),
                        RUN_AS,
                        runAs.toString());
    }

    /** The keys, checked in one place; a bad one stops the start with its name. */
    static TemporalOptions options(TemporalConfig t, Backend backend) {
        if (backend == Backend.TEMPORAL
                && t.enabled().isPresent()
                && !t.enabled().get()) {
            throw new ConfigurationException(
                    "hetumind.temporal.enabled=false contradicts hetumind.executor=temporal: new executions would have"
                            + " nowhere to run");
        }
        String target = t.target().trim();
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || !target.substring(colon + 1).matches("[0-9]{1,5}")) {
            throw new ConfigurationException(
                    "hetumind.temporal.target must be host:port (e.g. temporal-frontend.temporal:7233), was '" + target
                            + "'");
        }
        if (t.poll().toMillis() < 10) {
            throw new ConfigurationException("hetumind.temporal.poll must be at least 10ms, was " + t.poll());
        }
        try {
            return new TemporalOptions(
                    target,
                    t.namespace(),
                    t.taskQueue(),
                    t.nodeTimeout(),
                    t.heartbeatTimeout(),
                    TemporalOptions.defaults().defaultParallelism(),
                    t.continueAsNewAfter());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(e.getMessage());
        }
    }

    /**
     * The connection keys ({@code hetumind.temporal.tls.*}, {@code api-key}) on top of the checked options; a file that
     * cannot be read or used stops the start naming its key. TLS is on when any TLS key or an API key is set.
     */
    static TemporalConnection connection(TemporalConfig t, TemporalOptions options) {
        TemporalConfig.Tls k = t.tls();
        try {
            boolean tls = k.enabled()
                    || k.clientCert().isPresent()
                    || k.clientKey().isPresent()
                    || k.serverCa().isPresent()
                    || k.serverName().isPresent();
            TemporalConnection c = new TemporalConnection(
                    options.target(),
                    options.namespace(),
                    tls
                            ? new TemporalConnection.Tls(
                                    k.clientCert().map(Path::of).orElse(null),
                                    k.clientKey().map(Path::of).orElse(null),
                                    k.serverCa().map(Path::of).orElse(null),
                                    k.serverName().orElse(null))
                            : null,
                    t.apiKey().orElse(null));
            c.stubsOptions(); // reads the PEM files now, so a bad one stops the start rather than the first call
            return c;
        } catch (IllegalArgumentException e) { // InvalidPathException among them
            throw new ConfigurationException(e.getMessage());
        }
    }

    /** Per-run services and live events for node tries on this studio's worker. */
    private final class Hooks implements WorkerHooks {
        @Override
        public RunRequest request(ExecutionInput input, RunRequest request) {
            UUID tenant = UUID.fromString(input.context().get(PgRunDataStore.TENANT));
            String runAs = input.context().get(RUN_AS);
            return request.withService(
                            CredentialResolver.class,
                            credentials.resolverFor(tenant, runAs == null ? null : UUID.fromString(runAs)))
                    .withService(WorkflowResolver.class, tenantWorkflows.resolverFor(tenant))
                    .withService(ErrorWorkflowLauncher.class, tenantWorkflows.errorLauncherFor(tenant))
                    .withService(
                            SubWorkflowStarter.class,
                            tenantWorkflows.starterFor(tenant, runAs == null ? null : UUID.fromString(runAs)))
                    .withService(ProcessedDataStore.class, processedData.forTenant(tenant))
                    .withService(ExecutionCustomData.class, customData.forTenant(tenant));
        }

        @Override
        public void nodeStarted(ExecutionInput input, String node, long at) {
            publish(input, "nodeStarted", node, "running", at);
        }

        @Override
        public void nodeEnded(ExecutionInput input, String node, String status, long at) {
            publish(input, "nodeFinished", node, status, at);
        }

        @Override
        public void subNodeStarted(ExecutionInput input, String node, long at) {
            publish(input, "nodeStarted", node, "running", at);
        }

        @Override
        public void subNodeEnded(ExecutionInput input, String node, String status, long at) {
            publish(input, "nodeFinished", node, status, at);
        }

        private void publish(ExecutionInput input, String type, String node, String status, long at) {
            if (input.parentExecutionId() != null) {
                return; // a sub-workflow's nodes are not the execution's own, as in a native run
            }
            String tenant = input.context().get(PgRunDataStore.TENANT);
            String workflow = input.context().get(WORKFLOW);
            if (tenant != null && workflow != null) {
                live.node(
                        UUID.fromString(tenant),
                        input.executionId(),
                        UUID.fromString(workflow),
                        type,
                        node,
                        status,
                        at);
            }
        }
    }
}
