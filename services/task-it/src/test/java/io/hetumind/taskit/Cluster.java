package io.hetumind.taskit;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.testkit.PostgresTestResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The system under test, started once per JVM: a fresh database, IAM, two task-servers sharing it, and agents as
 * child processes (each with a config file, as deployed). Stopped by a shutdown hook.
 */
final class Cluster {
    static final Duration LEASE_TTL = Duration.ofSeconds(3);
    private static Cluster instance;

    final PostgresTestResource database = new PostgresTestResource();
    final String dbUrl;
    final Proc iam;
    final List<Proc> servers = new ArrayList<>();
    final List<Proc> agents = new ArrayList<>();
    final List<Proc> others = new ArrayList<>();
    final String ownerToken;

    static synchronized Cluster get() {
        if (instance == null) {
            instance = new Cluster();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
        }
        return instance;
    }

    private Cluster() {
        dbUrl = database.start().get("hetumind.test.db-url");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int iamPort = Proc.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("HETUMIND_DB_URL", dbUrl);
        env.put("HETUMIND_IAM_PORT", String.valueOf(iamPort));
        env.put("HETUMIND_IAM_HOST", "127.0.0.1");
        env.put("HETUMIND_IAM_MASTER_KEY", Base64.getEncoder().encodeToString(key));
        env.put("HETUMIND_IAM_OPEN_SIGNUP", "true");
        env.put("HETUMIND_IAM_ARGON2_MEMORY_KIB", "1024");
        env.put("HETUMIND_IAM_ARGON2_ITERATIONS", "1");
        iam = Proc.start("iam", "iam", iamPort, env);
        servers.add(startServer("server-1"));
        servers.add(startServer("server-2"));
        iam.awaitReady(Duration.ofSeconds(180));
        servers.forEach(s -> s.awaitReady(Duration.ofSeconds(180)));
        ownerToken = Api.post(
                        iam.base() + "/api/v1/auth/signup",
                        null,
                        Map.of(
                                "email", "ops-" + UUID.randomUUID() + "@example.test",
                                "password", "correct horse battery",
                                "name", "Ops",
                                "tenant", "Ops"))
                .path("accessToken")
                .asText();
    }

    private Proc startServer(String name) {
        return startServer(name, Proc.freePort());
    }

    /** Stops every task-server (TERM, as a restart would). */
    void stopServers() {
        servers.forEach(Proc::close);
    }

    /** Starts the task-servers again on their ports (agents reconnect to the gateways they know); waits until ready. */
    void restartServers() {
        for (int i = 0; i < servers.size(); i++) {
            Proc old = servers.get(i);
            servers.set(i, startServer(old.name, old.port));
        }
        servers.forEach(s -> s.awaitReady(Duration.ofSeconds(180)));
    }

    private Proc startServer(String name, int port) {
        Map<String, String> env = new HashMap<>();
        env.put("HETUMIND_DB_URL", dbUrl);
        env.put("HETUMIND_SCHED_PORT", String.valueOf(port));
        env.put("HETUMIND_SCHED_HOST", "127.0.0.1");
        env.put("HETUMIND_SCHED_ADDRESS", "127.0.0.1:" + port);
        env.put("HETUMIND_SCHED_LEASE_TTL", LEASE_TTL.toSeconds() + "s");
        env.put("HETUMIND_SCHED_LEADER_TICK", "250ms");
        // A short plan horizon makes a new leader plan the runs of the takeover gap itself.
        env.put("HETUMIND_SCHED_PLAN_HORIZON", "3s");
        env.put("HETUMIND_SCHED_HEARTBEAT_INTERVAL", "1s");
        env.put("HETUMIND_SCHED_DEAD_AFTER", "20s");
        env.put("HETUMIND_SCHED_ACK_TIMEOUT", "1s");
        env.put("HETUMIND_SCHED_DB_POOL", "8");
        // The agents hold their dispatches (held_dispatch): a longer lead than the default 250 ms lets a claim (and,
        // in HeldDispatchEndToEndTest, a cancel after it) reach them before the fire time on a loaded test machine.
        env.put("HETUMIND_SCHED_DISPATCH_LEAD", "2s");
        env.put("HETUMIND_AUTH_JWKS_URL", iam.base() + "/.well-known/jwks.json");
        return Proc.start(name, "task-server", port, env);
    }

    String gateway(Proc server) {
        return "ws://127.0.0.1:" + server.port + "/ws/agent";
    }

    /** Starts an agent with a config file naming {@code gateways}, its token and labels; waits until registered. */
    Proc startAgent(String name, String namespace, Map<String, String> labels, String gateways) throws IOException {
        return startAgentWithToken(name, agentSecret(name, namespace), labels, gateways);
    }

    /** A new IAM agent token for {@code namespace} (its secret). */
    String agentSecret(String name, String namespace) {
        return Api.post(iam.base() + "/api/v1/agent-tokens", ownerToken, Map.of("name", name, "namespace", namespace))
                .path("secret")
                .asText();
    }

    /** Starts an agent that presents {@code secret} (an IAM agent token of any tenant); waits until registered. */
    Proc startAgentWithToken(String name, String secret, Map<String, String> labels, String gateways)
            throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "agents", name + "-" + UUID.randomUUID()));
        return startAgentIn(dir, name, secret, labels, gateways);
    }

    /**
     * Starts an agent whose config, token and data live in {@code dir}; a second start in the same directory is a
     * restart of the same agent (same name, same outbox). Waits until registered.
     */
    Proc startAgentIn(Path dir, String name, String secret, Map<String, String> labels, String gateways)
            throws IOException {
        StringBuilder conf = new StringBuilder()
                .append("hetumind.agent.server-url=")
                .append(gateways)
                .append('\n')
                .append("hetumind.agent.iam-url=")
                .append(iam.base())
                .append('\n')
                .append("hetumind.agent.name=")
                .append(name)
                .append('\n')
                .append("hetumind.agent.data-dir=")
                .append(dir.toAbsolutePath().resolve("data"))
                .append('\n')
                .append("hetumind.agent.max-concurrency=4\n")
                .append("hetumind.agent.kill-grace=1s\n")
                .append("hetumind.agent.ack-timeout=1s\n")
                .append("hetumind.agent.reconnect-min=200ms\n")
                .append("hetumind.agent.reconnect-max=1s\n");
        labels.forEach((k, v) -> conf.append("hetumind.agent.labels.")
                .append(k)
                .append('=')
                .append(v)
                .append('\n'));
        Files.writeString(dir.resolve("agent.properties"), conf);
        Files.writeString(dir.resolve("token"), secret + "\n");
        int port = Proc.freePort();
        Map<String, String> env = new HashMap<>();
        env.put(
                "HETUMIND_AGENT_CONFIG",
                dir.resolve("agent.properties").toAbsolutePath().toString());
        // The environment overrides the file: the token comes from a file named here.
        env.put(
                "HETUMIND_AGENT_TOKEN_FILE",
                dir.resolve("token").toAbsolutePath().toString());
        env.put("HETUMIND_AGENT_PORT", String.valueOf(port));
        Proc agent = Proc.start("agent-" + name, "task-agent", port, env);
        agents.add(agent);
        return agent.awaitReady(Duration.ofSeconds(120));
    }

    /**
     * Starts the packaged studio against this cluster's IAM and database, its {@code /tasks} pass-through aimed at
     * {@code server}: the designer's scheduler pages then talk to a real task-server.
     */
    Proc startStudio(Proc server) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        int port = Proc.freePort();
        Map<String, String> env = new HashMap<>();
        env.put("HETUMIND_DB_URL", dbUrl);
        env.put("HETUMIND_STUDIO_PORT", String.valueOf(port));
        env.put("HETUMIND_STUDIO_HOST", "127.0.0.1");
        env.put("HETUMIND_AUTH_JWKS_URL", iam.base() + "/.well-known/jwks.json");
        env.put("HETUMIND_AUTH_REVOCATION_DB_URL", dbUrl);
        env.put("HETUMIND_STUDIO_SCHEDULER_URL", server.base());
        env.put("HETUMIND_STUDIO_CREDENTIALS_ACTIVE_KEY", "it");
        env.put(
                "HETUMIND_STUDIO_CREDENTIALS_MASTER_KEYS_IT",
                Base64.getEncoder().encodeToString(key));
        env.put("HETUMIND_STUDIO_DB_POOL", "8");
        Proc studio = Proc.start("studio", "studio", port, env, "512m");
        others.add(studio);
        return studio.awaitReady(Duration.ofSeconds(180));
    }

    String api(Proc server) {
        return server.base() + "/api/v1";
    }

    JsonNode createJob(Proc server, Map<String, Object> job) {
        return Api.post(api(server) + "/jobs", ownerToken, job);
    }

    JsonNode instance(Proc server, String id) {
        return Api.get(api(server) + "/task-instances/" + id, ownerToken);
    }

    void stop() {
        agents.forEach(Proc::close);
        others.forEach(Proc::close);
        servers.forEach(Proc::close);
        iam.close();
        database.stop();
    }
}
