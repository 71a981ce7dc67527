package io.hetumind.nodes.protocols;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The machine's real servers the database and broker node tests talk to. A server that is down fails
 * the test with what to start (`.ci/run` starts them); it never skips.
 */
public final class Servers {

    private Servers() {}

    /** Fails unless something listens on 127.0.0.1:{@code port}. */
    public static void require(String name, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
        } catch (IOException e) {
            throw new AssertionError(name + " is not reachable at 127.0.0.1:" + port
                    + " — these tests need the real server; .ci/run starts it (see libs/nodes-protocols/README.md)");
        }
    }

    /** A free local TCP port nothing listens on. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * A TCP server that answers every connection with {@code reply} and then keeps it open for a
     * while (a server of the wrong kind, or a broken one). Close it after the test.
     */
    public static ServerSocket garbage(byte[] reply) throws IOException {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s;
                                OutputStream out = s.getOutputStream();
                                InputStream in = s.getInputStream()) {
                            out.write(reply);
                            out.flush();
                            s.setSoTimeout(3_000);
                            byte[] buf = new byte[1024];
                            while (in.read(buf) >= 0) {
                                // drain until the client gives up
                            }
                        } catch (IOException e) {
                            // the client went away
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }
}
