package io.hetumind.nodes.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay to the real broker that drops a session when its client sends SUBSCRIBE, for the first
 * {@code cuts} sessions: what a broker that loses a subscription racing its CONNACK looks like.
 */
final class SubscribeCutter implements AutoCloseable {

    private static final int SUBSCRIBE = 0x82; // packet type 8, flags 0010

    private final ServerSocket server;
    private final AtomicInteger cuts;
    final AtomicInteger sessions = new AtomicInteger();

    private SubscribeCutter(ServerSocket server, int cuts) {
        this.server = server;
        this.cuts = new AtomicInteger(cuts);
    }

    static SubscribeCutter to(int targetPort, int cuts) throws IOException {
        SubscribeCutter relay = new SubscribeCutter(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()), cuts);
        Thread.ofVirtual().start(() -> {
            while (!relay.server.isClosed()) {
                try {
                    Socket in = relay.server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    relay.sessions.incrementAndGet();
                    boolean cut = relay.cuts.getAndDecrement() > 0;
                    pump(in, out, cut);
                    pump(out, in, false);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return relay;
    }

    private static void pump(Socket from, Socket to, boolean cutOnSubscribe) {
        Thread.ofVirtual().start(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    // the client waits for CONNACK before it subscribes, so SUBSCRIBE starts a read
                    if (cutOnSubscribe && (buf[0] & 0xff) == SUBSCRIBE) {
                        from.close();
                        to.close();
                        return;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // cut
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
