package io.hetumind.nodes.rabbitmq;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.Address;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.DefaultSaslConfig;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.impl.FrameHandler;
import com.rabbitmq.client.impl.FrameHandlerFactory;
import com.rabbitmq.client.impl.SocketFrameHandlerFactory;
import io.hetumind.core.spi.ErrorKind;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodeException;
import io.hetumind.nodes.net.TlsClient;
import io.hetumind.nodes.protocols.Endpoints;
import io.hetumind.nodes.tls.Pem;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.SocketFactory;

/**
 * What the RabbitMQ node and the RabbitMQ Trigger share: one connection from n8n's {@code rabbitmq}
 * credential to the address the network policy checked, and the broker's words for what went wrong.
 */
final class RabbitMq {

    static final int CONNECT_TIMEOUT_MILLIS = 10_000;

    private RabbitMq() {}

    /** "host:port" of the credential, for messages (never a secret). */
    static String where(ObjectNode cred) {
        return cred.path("hostname").asText("").strip() + ":"
                + cred.path("port").asInt(5672);
    }

    /**
     * Connects as amqplib does with n8n's credential (an empty field takes the library's default: guest,
     * guest, /), bounded at 10 s, without the client's own recovery: a lost connection is the caller's to
     * report. With {@code ssl} it speaks amqps (TLS on the credential's port, the certificate checked
     * against the credential's host name) and, when passwordless, logs in with SASL EXTERNAL and the
     * client certificate. A refused login, virtual host or TLS handshake is a user error, anything else
     * operational.
     */
    static Connection connect(NetworkPolicy policy, ObjectNode cred) {
        String host = Endpoints.host("rabbitmq", cred.path("hostname").asText(""));
        int port = Endpoints.port("rabbitmq", cred.path("port").asInt(5672));
        boolean ssl = cred.path("ssl").asBoolean(false);
        boolean external = ssl && cred.path("passwordless").asBoolean(true);
        TlsClient tls = ssl ? tls(cred, host, external) : null;
        InetAddress address = Endpoints.resolve(policy, "RabbitMQ", host, port);
        ConnectionFactory factory =
                tls == null ? new ConnectionFactory() : new TlsConnectionFactory(tls, address, port);
        factory.setHost(address.getHostAddress());
        factory.setPort(port);
        if (external) {
            // amqplib's credentials.external(): the broker takes the user from the client certificate
            factory.setSaslConfig(DefaultSaslConfig.EXTERNAL);
        } else {
            factory.setUsername(orDefault(cred.path("username").asText(""), "guest"));
            factory.setPassword(orDefault(cred.path("password").asText(""), "guest"));
        }
        factory.setVirtualHost(orDefault(cred.path("vhost").asText(""), "/"));
        factory.setConnectionTimeout(CONNECT_TIMEOUT_MILLIS);
        factory.setHandshakeTimeout(CONNECT_TIMEOUT_MILLIS);
        factory.setShutdownTimeout(5_000);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        String where = host + ":" + port;
        try {
            return factory.newConnection("hetumind");
        } catch (AuthenticationFailureException e) {
            throw NodeException.user("could not connect to RabbitMQ at " + where + ": " + reason(e)
                    + (external ? " (EXTERNAL: the broker refused the user named by the client certificate)" : ""));
        } catch (IOException | TimeoutException | RuntimeException e) {
            String failure = tls == null ? null : tls.failure(e);
            if (failure != null) {
                throw new NodeException(
                        TlsClient.kind(failure),
                        "could not connect to RabbitMQ at " + where + ": " + failure,
                        -1,
                        null,
                        null);
            }
            String why = reason(e);
            boolean vhost = why.contains("NOT_ALLOWED") || why.contains("vhost");
            boolean mechanism = why.contains("EXTERNAL") || why.contains("mechanism");
            throw new NodeException(
                    vhost || mechanism ? ErrorKind.USER : ErrorKind.OPERATIONAL,
                    "could not connect to RabbitMQ at " + where + ": " + why
                            + (tls == null && closedEarly(e)
                                    ? " (the broker closed the connection: a TLS (amqps) port? turn SSL on)"
                                    : ""),
                    -1,
                    null,
                    null);
        }
    }

    /** n8n's amqps options: {@code ca} replaces the default roots; cert and key only when passwordless. */
    private static TlsClient tls(ObjectNode cred, String host, boolean external) {
        String ca = cred.path("ca").asText("");
        List<X509Certificate> roots = ca.isBlank() ? List.of() : Pem.certificates("rabbitmq", "ca", ca);
        PrivateKey key = null;
        List<X509Certificate> chain = List.of();
        if (external) {
            String cert = cred.path("cert").asText("");
            String pem = cred.path("key").asText("");
            if (cert.isBlank() || pem.isBlank()) {
                throw NodeException.user("credential 'rabbitmq': 'Passwordless' (SASL EXTERNAL) needs the client"
                        + " certificate ('cert') and key ('key')");
            }
            chain = Pem.certificates("rabbitmq", "cert", cert);
            key = Pem.privateKey("rabbitmq", "key", pem, cred.path("passphrase").asText(""));
        }
        return TlsClient.of(host, roots, key, chain, true);
    }

    /** A plain AMQP greeting the other end hung up on, as a TLS-only listener does. */
    private static boolean closedEarly(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.io.EOFException
                    || t instanceof com.rabbitmq.client.MalformedFrameException
                    || String.valueOf(t.getMessage()).contains("Connection reset")) {
                return true;
            }
        }
        return false;
    }

    /**
     * amqp-client would connect its TLS socket to the IP literal and check the certificate against it;
     * this one connects to the checked address and layers TLS with the credential's host name.
     */
    private static final class TlsConnectionFactory extends ConnectionFactory {

        private final TlsClient tls;
        private final InetAddress address;
        private final int port;

        TlsConnectionFactory(TlsClient tls, InetAddress address, int port) {
            this.tls = tls;
            this.address = address;
            this.port = port;
        }

        @Override
        protected synchronized FrameHandlerFactory createFrameHandlerFactory() {
            return new SocketFrameHandlerFactory(CONNECT_TIMEOUT_MILLIS, SocketFactory.getDefault(), s -> {}, true) {
                @Override
                public FrameHandler create(Address ignored, String connectionName) throws IOException {
                    Socket plain = new Socket();
                    try {
                        plain.setTcpNoDelay(true);
                        plain.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MILLIS);
                        plain.setSoTimeout(CONNECT_TIMEOUT_MILLIS);
                        Socket socket = tls.layer(plain, port);
                        socket.setSoTimeout(0);
                        return create(socket);
                    } catch (IOException | RuntimeException e) {
                        plain.close();
                        throw e;
                    }
                }
            };
        }
    }

    private static String orDefault(String value, String fallback) {
        return value.isEmpty() ? fallback : value;
    }

    /** Closes without throwing: the connection may be gone already. */
    static void close(Connection connection) {
        try {
            if (connection.isOpen()) {
                connection.close(5_000);
            }
        } catch (IOException | RuntimeException e) {
            // nothing is left to lose on a connection that fails to close
        }
    }

    /** Whether the broker closed only the channel (a missing queue, a refused declare): the user's to fix. */
    static boolean isChannelError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s && !s.isHardError()) {
                return true;
            }
        }
        return false;
    }

    /** The broker's words (e.g. "NOT_FOUND - no queue 'x' in vhost '/'") when it closed something. */
    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ShutdownSignalException s) {
                if (s.getReason() instanceof com.rabbitmq.client.AMQP.Channel.Close c) {
                    return c.getReplyText();
                }
                if (s.getReason() instanceof com.rabbitmq.client.AMQP.Connection.Close c) {
                    return c.getReplyText();
                }
            }
            if (t instanceof AuthenticationFailureException) {
                return "ACCESS_REFUSED - Login was refused (check user and password)";
            }
            if (t instanceof java.net.ConnectException) {
                return "Connection refused";
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof TimeoutException) {
                return "no AMQP answer in time (is it a RabbitMQ broker?)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
