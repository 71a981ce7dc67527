package io.hetumind.nodes.db;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.nodes.ssh.SshTunnel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import javax.net.SocketFactory;

/**
 * The SSH tunnel of one Postgres pool: opened with the pool's first connection, opened again when the SSH server
 * closed it, closed with the pool. Its {@link #sockets() sockets} connect to the tunnel's loopback end whatever
 * address the driver asks for, so the JDBC URL keeps the credential's host name (TLS checks the certificate against
 * it, as without a tunnel).
 */
final class PgTunnel implements AutoCloseable {

    private final SshTunnel.Settings settings;
    private final NetworkPolicy policy;
    private final String host;
    private final int port;
    private final Duration timeout;
    private SshTunnel tunnel;
    private boolean closed;

    PgTunnel(SshTunnel.Settings settings, NetworkPolicy policy, String host, int port, Duration timeout) {
        this.settings = settings;
        this.policy = policy;
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    /** The open tunnel, opened (again) when needed; failures are the tunnel's clear {@code NodeException}s. */
    synchronized SshTunnel current() {
        if (closed) {
            throw new IllegalStateException("the pool's SSH tunnel is closed");
        }
        if (tunnel == null || !tunnel.isOpen()) {
            if (tunnel != null) {
                tunnel.close();
            }
            tunnel = null;
            tunnel = SshTunnel.open(settings, policy, "Postgres", host, port, timeout);
        }
        return tunnel;
    }

    /** Why the SSH side refuses connections to the database, or null (see {@link SshTunnel#refusal}). */
    String refusal() {
        return current().refusal(timeout);
    }

    /** Sockets that connect to the tunnel's loopback end. */
    SocketFactory sockets() {
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new TunnelSocket();
            }

            @Override
            public Socket createSocket(String h, int p) throws IOException {
                Socket s = createSocket();
                s.connect(InetSocketAddress.createUnresolved(h, p));
                return s;
            }

            @Override
            public Socket createSocket(String h, int p, InetAddress localHost, int localPort) throws IOException {
                return createSocket(h, p);
            }

            @Override
            public Socket createSocket(InetAddress h, int p) throws IOException {
                return createSocket(h.getHostAddress(), p);
            }

            @Override
            public Socket createSocket(InetAddress h, int p, InetAddress localAddress, int localPort)
                    throws IOException {
                return createSocket(h.getHostAddress(), p);
            }
        };
    }

    private final class TunnelSocket extends Socket {
        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeoutMs) throws IOException {
            InetSocketAddress local;
            try {
                local = current().localAddress();
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e);
            }
            super.connect(local, timeoutMs);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (tunnel != null) {
            tunnel.close();
            tunnel = null;
        }
    }
}
