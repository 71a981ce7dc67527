package io.hetumind.nodes.rabbitmq;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A local TCP relay to the real broker whose connections a test can cut, as a network failure would. */
final class TcpRelay implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private TcpRelay(ServerSocket server) {
        this.server = server;
    }

    static TcpRelay to(int targetPort) throws IOException {
        TcpRelay relay = new TcpRelay(new ServerSocket(0, 10, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(() -> {
            while (!relay.server.isClosed()) {
                try {
                    Socket in = relay.server.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    relay.sockets.add(in);
                    relay.sockets.add(out);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    return;
                }
            }
        });
        return relay;
    }

    private static void pump(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // cut
            }
        });
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops every relayed connection at once. */
    void cut() {
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
