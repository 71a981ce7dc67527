package io.hetumind.taskit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback TCP relay a test can cut (every connection reset, new ones refused) and restore: a network outage. */
final class TcpProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile ServerSocket server;
    private volatile boolean closed;

    TcpProxy(int targetPort) {
        this.targetPort = targetPort;
        this.port = Proc.freePort();
        listen();
    }

    int port() {
        return port;
    }

    private synchronized void listen() {
        try {
            server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        ServerSocket s = server;
        Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try {
                    Socket in = s.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    open.add(in);
                    open.add(out);
                    Thread.ofVirtual().start(() -> relay(in, out));
                    Thread.ofVirtual().start(() -> relay(out, in));
                } catch (IOException e) {
                    // closed by cut() or close()
                }
            }
        });
    }

    private static void relay(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // one side went away
        } finally {
            quietly(from);
            quietly(to);
        }
    }

    /** The outage starts: connections reset, nothing accepted. */
    synchronized void cut() {
        quietly(server);
        for (Socket s : open) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // already closed
            }
            quietly(s);
        }
        open.clear();
    }

    /** The outage ends. */
    synchronized void restore() {
        if (!closed) {
            listen();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private static void quietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }
}
