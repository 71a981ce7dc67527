package io.hetumind.nodes.mysql;

import io.hetumind.nodes.net.TlsClient;
import java.io.IOException;
import java.net.Socket;
import java.sql.SQLException;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.mariadb.jdbc.Configuration;
import org.mariadb.jdbc.HostAddress;
import org.mariadb.jdbc.export.ExceptionFactory;
import org.mariadb.jdbc.plugin.TlsSocketPlugin;

/**
 * Connector/J's TLS hook for the MySQL node: the driver connects to the checked IP literal, and this
 * plugin layers TLS with the credential's host name (SNI and the certificate check) and the credential's
 * certificates. The settings reach it through the connecting thread ({@link #with}), never through the
 * driver's configuration, so keys cannot appear in the driver's messages or logs.
 */
public final class PinnedTlsPlugin implements TlsSocketPlugin {

    static final String TYPE = "hetumind-pinned";

    private static final String MISSING = "no TLS settings for this connection (only the MySQL node uses " + TYPE + ")";
    private static final ThreadLocal<TlsClient> CURRENT = new ThreadLocal<>();

    /** Runs {@code connect} (a driver connect on this thread) with {@code tls} for its handshake. */
    static <T> T with(TlsClient tls, Connect<T> connect) throws SQLException {
        CURRENT.set(tls);
        try {
            return connect.get();
        } finally {
            CURRENT.remove();
        }
    }

    /** A driver call that may fail with a {@link SQLException}. */
    interface Connect<T> {
        T get() throws SQLException;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public TrustManager[] getTrustManager(Configuration conf, ExceptionFactory errors, HostAddress host)
            throws SQLException {
        return current().trustManagers();
    }

    @Override
    public KeyManager[] getKeyManager(Configuration conf, ExceptionFactory errors) throws SQLException {
        return current().keyManagers();
    }

    @Override
    public SSLSocket createSocket(Socket socket, SSLSocketFactory ignored) throws IOException {
        TlsClient tls = CURRENT.get();
        if (tls == null) {
            throw new IOException(MISSING);
        }
        // the driver's context is made of the same managers; the socket is layered with the node's so that
        // the certificate is checked against the credential's host name. The driver starts the handshake itself,
        // bounded by its connect timeout
        return tls.wrap(socket, socket.getPort());
    }

    private static TlsClient current() throws SQLException {
        TlsClient tls = CURRENT.get();
        if (tls == null) {
            throw new SQLException(MISSING, "08000");
        }
        return tls;
    }

    @Override
    public void verify(String host, SSLSession session, long serverThreadId) {
        // the handshake checked the certificate against the credential's host name already; the driver
        // would check it against the IP literal it was given
    }
}
