package io.hetumind.nodes.protocols;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local TCP relay to a real server whose connections a test can cut, as a network failure would, or freeze, as a
 * peer that went away without closing would (bytes are then swallowed in both directions).
 */
public final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean frozen;

    private TcpRelay(ServerSocket server) {
        this.server = server;
    }

    public static TcpRelay to(int targetPort) throws IOException {
        TcpRelay relay = new TcpRelay(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> {
            while (!relay.server.isClosed()) {
                try {
                    Socket in = relay.server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    relay.sockets.add(in);
                    relay.sockets.add(out);
                    relay.pump(in, out);
                    relay.pump(out, in);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return relay;
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) >= 0; ) {
                    if (!frozen) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // cut
            }
        });
    }

    public int port() {
        return server.getLocalPort();
    }

    /** From now on nothing passes either way, and nobody is told. */
    public void freeze() {
        frozen = true;
    }

    /** Drops every relayed connection at once. */
    public void cut() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        server.close();
    }
}
