package io.hetumind.taskserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.task.Kind;
import io.hetumind.core.task.Messages;
import io.hetumind.core.task.Protocol;
import io.hetumind.core.task.Uuid7;
import io.hetumind.testkit.Iam;
import io.hetumind.testkit.IamAndDatabase;
import io.hetumind.testkit.Schemas;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Frames and tokens an attacker or a broken agent sends: each refused, the connection closed where right. */
@QuarkusTest
@WithTestResource(IamAndDatabase.class)
class HostileAgentTest {
    static Iam acme;
    /** Tables background work writes to on its own (lease renewals, server heartbeats, bindings, heartbeats). */
    static final String[] MOVING = {"lease", "server", "namespace_binding", "agent"};

    @BeforeAll
    static void tenant() {
        acme = Iam.newTenant();
    }

    static Map<String, String> stored() {
        return Schemas.fingerprint("sched", MOVING);
    }

    static String frame(String kind, String payload) {
        return "{\"id\":\"" + Uuid7.next() + "\",\"kind\":\"" + kind + "\",\"ts\":1,\"payload\":" + payload + "}";
    }

    private static int upgradeStatus(String token) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> AgentClient.connect(token));
        while (t != null && !(t instanceof WebSocketHandshakeException)) {
            t = t.getCause();
        }
        assertThat(t).as("the upgrade must be refused").isNotNull();
        return ((WebSocketHandshakeException) t).getResponse().statusCode();
    }

    @Test
    void forgedOrMissingOrWrongKindTokensAreRefusedAtTheUpgrade() throws Exception {
        String real = acme.agentToken("ops");
        String kid = new String(Base64.getUrlDecoder().decode(real.split("\\.")[0]), StandardCharsets.UTF_8)
                .replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
        var gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        long now = Instant.now().getEpochSecond();
        String forged = Jwt.issuer("hetumind-iam")
                .audience("hetumind")
                .subject(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now + 300)
                .claim("jti", UUID.randomUUID().toString())
                .claim("tenant", UUID.randomUUID().toString())
                .claim("kind", "agent")
                .claim("ns", "ops")
                .claim("perms", List.of("agent:register"))
                .jws()
                .keyId(kid)
                .sign(gen.generateKeyPair().getPrivate());
        assertThat(upgradeStatus(forged)).isEqualTo(401);
        String tampered = real.substring(0, real.lastIndexOf('.') + 1) + "AAAA";
        assertThat(upgradeStatus(tampered)).isEqualTo(401);
        assertThat(upgradeStatus("garbage")).isEqualTo(401);
        // A user's token is valid, but not an agent's.
        assertThat(upgradeStatus(acme.ownerToken())).isEqualTo(403);
    }

    @Test
    void anExpiredTokenIsRefusedAndAnOpenConnectionEndsWhenItsTokenExpires() throws Exception {
        String token = acme.agentToken("ops");
        long exp = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
                .path("exp")
                .asLong();
        try (AgentClient agent = AgentClient.connect(token)) {
            agent.register("expiring", Map.of(), 1, List.of());
            long wait = exp * 1000 - System.currentTimeMillis() + 3000;
            assertThat(agent.closeCode(wait)).isEqualTo(4001);
        }
        assertThat(upgradeStatus(token)).isEqualTo(401);
    }

    @Test
    void malformedFramesAreRefusedAndCloseTheConnection() throws Exception {
        var before = stored();
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            agent.register("m", Map.of(), 1, List.of());
            agent.sendRaw("{\"id\": not json");
            assertThat(agent.next(Kind.ERROR).payload(Messages.Error.class).code())
                    .isEqualTo("malformed");
            assertThat(agent.closeCode(5000)).isEqualTo(1007);
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void unknownKindsAndInvalidPayloadsAreRefusedButTheConnectionStays() throws Exception {
        var before = stored();
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            agent.register("u", Map.of(), 1, List.of());
            agent.sendRaw(frame("launch_missiles", "{}"));
            assertThat(agent.next(Kind.ERROR).payload(Messages.Error.class).code())
                    .isEqualTo("unknown-kind");
            agent.sendRaw(
                    frame("instance_update", "{\"instance_id\":\"" + Uuid7.next() + "\",\"event\":\"exploded\"}"));
            assertThat(agent.next(Kind.ERROR).payload(Messages.Error.class).code())
                    .isEqualTo("invalid");
            agent.sendRaw(frame("task_dispatch", "{\"instances\":[]}"));
            assertThat(agent.next(Kind.ERROR).payload(Messages.Error.class).code())
                    .isEqualTo("unexpected-kind");
            // An update for an instance that does not exist is refused for good and stores nothing.
            Messages.Ack ack = agent.update(AgentClient.event(Uuid7.next(), "succeeded", 0));
            assertThat(ack.ok()).isFalse();
            assertThat(ack.retry()).isFalse();
            agent.assertOpen();
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aRegisterSentAgainIsAnsweredAgainButASecondRegisterIsRefused() throws Exception {
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            UUID id = Uuid7.next();
            String frame = Protocol.encode(
                    id, Kind.REGISTER, new Messages.Register(Protocol.VERSION, "twice", Map.of(), "x", 1, List.of()));
            UUID first = agent.first(frame, Kind.REGISTERED)
                    .payload(Messages.Registered.class)
                    .agentId();
            agent.sendRaw(frame); // the same frame: a retry, answered as the first was
            assertThat(agent.next(Kind.REGISTERED)
                            .payload(Messages.Registered.class)
                            .agentId())
                    .isEqualTo(first);
            agent.send(Kind.REGISTER, new Messages.Register(Protocol.VERSION, "twice", Map.of(), "x", 1, List.of()));
            assertThat(agent.next(Kind.ERROR).payload(Messages.Error.class).code())
                    .isEqualTo("already-registered");
            agent.assertOpen();
        }
    }

    @Test
    void aFrameBeforeRegisterAndAWrongProtocolVersionCloseTheConnection() throws Exception {
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            String acquire = Protocol.encode(Uuid7.next(), Kind.ACQUIRE_TASK, new Messages.AcquireTask(1));
            assertThat(agent.first(acquire, Kind.ERROR)
                            .payload(Messages.Error.class)
                            .code())
                    .isEqualTo("not-registered");
            assertThat(agent.closeCode(5000)).isEqualTo(1008);
        }
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            String future = Protocol.encode(
                    Uuid7.next(),
                    Kind.REGISTER,
                    new Messages.Register(Protocol.VERSION + 1, "future", Map.of(), "x", 1, List.of()));
            Messages.Error e = agent.first(future, Kind.ERROR).payload(Messages.Error.class);
            assertThat(e.code()).isEqualTo("protocol-version");
            assertThat(e.message()).contains("upgrade the agent");
            assertThat(agent.closeCode(5000)).isEqualTo(4400);
        }
    }

    @Test
    void anOversizedFrameClosesTheConnection() throws Exception {
        var before = stored();
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            agent.register("big", Map.of(), 1, List.of());
            try {
                agent.sendRaw(frame("heartbeat", "{\"pad\":\"" + "y".repeat(300_000) + "\"}"));
            } catch (Exception e) {
                // the server may reset the connection while the frame is still being written
            }
            assertThat(agent.closeCode(5000)).isEqualTo(1009);
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aFloodOfFramesClosesTheConnection() throws Exception {
        var before = stored();
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            agent.register("flood", Map.of(), 1, List.of());
            String hb = Protocol.encode(Kind.HEARTBEAT, new Messages.Heartbeat(0, 0, 0, 0, 0));
            try {
                for (int i = 0; i < 2000 && agent.closeCode(0) == null; i++) {
                    agent.sendRaw(hb);
                }
            } catch (Exception e) {
                // the server closed the connection mid-flood
            }
            assertThat(agent.closeCode(5000)).isEqualTo(1008);
        }
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void binaryFramesAreRefused() throws Exception {
        try (AgentClient agent = AgentClient.connect(acme.agentToken("ops"))) {
            agent.register("bin", Map.of(), 1, List.of());
            agent.sendBinary(new byte[] {1, 2, 3});
            assertThat(agent.closeCode(5000)).isEqualTo(1003);
        }
    }
}
