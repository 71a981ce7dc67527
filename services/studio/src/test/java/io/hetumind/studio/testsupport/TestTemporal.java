package io.hetumind.studio.testsupport;

import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts Temporal's in-process test server on a loopback port before the one shared Quarkus app starts, and points
 * {@code hetumind.temporal.target} at it ({@code %test.hetumind.temporal.enabled} is on), so the app connects to it as
 * it would to a real cluster and tests can run executions on Temporal beside native ones without a second app.
 * Time skipping is locked, as on a real cluster time passes by the clock; a test skips time explicitly (the test
 * service's {@code unlockTimeSkippingWithSleep}), and once it has, the server's clock stays that far ahead.
 */
public final class TestTemporal implements LauncherSessionListener {

    /** The system property the app reads its target from. */
    public static final String TARGET = "hetumind.temporal.target";

    private TestServer.PortBoundTestServer server;

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        if (server != null) {
            return;
        }
        int port = freePort();
        server = TestServer.createPortBoundServer(port, true);
        System.setProperty(TARGET, "127.0.0.1:" + port);
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the Temporal test server", e);
        }
    }
}
