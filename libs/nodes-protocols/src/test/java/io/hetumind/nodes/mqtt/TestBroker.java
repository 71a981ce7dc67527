package io.hetumind.nodes.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/** An embedded Moquette broker on a free loopback port that accepts only user bob with password pw-123. */
final class TestBroker {
    final Server server = new Server();
    final int port;

    private TestBroker(int port) {
        this.port = port;
    }

    /** A loopback port nothing listens on (for "unreachable broker" cases too). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static TestBroker start() throws IOException {
        int port = freePort();
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", String.valueOf(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("persistence_enabled", "false");
        p.setProperty("allow_anonymous", "false");
        TestBroker broker = new TestBroker(port);
        broker.server.startServer(
                new MemoryConfig(p),
                List.of(),
                null,
                (clientId, user, password) -> "bob".equals(user)
                        && password != null
                        && "pw-123".equals(new String(password, StandardCharsets.UTF_8)),
                null);
        return broker;
    }

    void stop() {
        server.stopServer();
    }
}
