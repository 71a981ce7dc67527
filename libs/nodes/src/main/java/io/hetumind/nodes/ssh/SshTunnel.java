package io.hetumind.nodes.ssh;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.CredentialProperty;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.PropertySpec;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.util.net.SshdSocketAddress;

/**
 * An SSH local port forward for a database connection or pool (n8n's {@code sshTunnel} credential fields, shared by
 * the MySQL and Postgres credentials): one SSH session (Apache MINA SSHD, {@link SshLogin}) to the SSH server the
 * network policy allowed, and a listener on a free loopback port whose connections the SSH server carries on to the
 * database host and port (named as the SSH server sees them). Closing the tunnel closes the listener, its forwarded
 * connections and the session. The SSH server's host key is accepted without a check, as the SFTP node and n8n do.
 *
 * <p>Errors say who (the {@code actor}, e.g. "MySQL") and where (the SSH server's host:port, the forwarded host:port)
 * and never a password, key or passphrase.
 */
public final class SshTunnel implements AutoCloseable {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[?[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?]?");

    /** n8n's SSH tunnel fields of a credential ({@code sshTunnel} on). */
    public record Settings(
            String credentialType,
            String host,
            int port,
            String user,
            String password,
            String privateKey,
            String passphrase) {

        /** The SSH tunnel the credential asks for, or empty when {@code sshTunnel} is off; bad fields are user errors. */
        public static Optional<Settings> of(String credentialType, ObjectNode cred) {
            if (!cred.path("sshTunnel").asBoolean(false)) {
                return Optional.empty();
            }
            String where = "credential '" + credentialType + "': ";
            String host = cred.path("sshHost").asText("localhost").strip();
            if (host.isEmpty() || !HOST.matcher(host).matches()) {
                throw NodeException.user(where + "the SSH host '" + host + "' is not a host name or an IP address");
            }
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port = cred.path("sshPort").asInt(22);
            if (port < 1 || port > 65535) {
                throw NodeException.user(
                        where + "the SSH port " + cred.path("sshPort").asText() + " is not a port");
            }
            String user = cred.path("sshUser").asText("root");
            String with = cred.path("sshAuthenticateWith").asText("password");
            return switch (with) {
                case "password" ->
                    Optional.of(new Settings(
                            credentialType,
                            host,
                            port,
                            user,
                            cred.path("sshPassword").asText(""),
                            null,
                            null));
                case "privateKey" -> {
                    String key = cred.path("sshPrivateKey").asText("");
                    if (key.isBlank()) {
                        throw NodeException.user(where + "SSH authentication with a private key needs 'sshPrivateKey'");
                    }
                    yield Optional.of(new Settings(
                            credentialType,
                            host,
                            port,
                            user,
                            null,
                            key,
                            cred.path("sshPassphrase").asText("")));
                }
                default ->
                    throw NodeException.user(
                            where + "'sshAuthenticateWith' is '" + with + "'; it must be 'password' or 'privateKey'");
            };
        }

        /** Every field, for the key of a pool that must not be shared between different tunnels (digest it). */
        public String identity() {
            return String.join(
                    "\0",
                    host,
                    String.valueOf(port),
                    user,
                    String.valueOf(password),
                    String.valueOf(privateKey),
                    String.valueOf(passphrase));
        }

        /** Without the password, key and passphrase, so a logged Settings shows no secret. */
        @Override
        public String toString() {
            return "SshTunnel.Settings[" + credentialType + ", " + user + "@" + server() + ", " + method() + "]";
        }

        String server() {
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }

        String method() {
            return privateKey != null ? "private key" : "password";
        }
    }

    /** n8n's SSH tunnel fields, to end a credential's property list with; the password, key and passphrase are secret. */
    public static List<CredentialProperty> credentialProperties() {
        return List.of(
                CredentialProperty.plain(PropertySpec.bool("sshTunnel")
                        .displayName("SSH Tunnel")
                        .defaultValue(false)
                        .description("Whether to reach the database through an SSH server: a local port forward"
                                + " to the host and port above, as the SSH server sees them")),
                CredentialProperty.plain(PropertySpec.options("sshAuthenticateWith")
                        .displayName("SSH Authenticate with")
                        .option("password", "Password")
                        .option("privateKey", "Private Key")
                        .defaultValue("password")
                        .showWhen("sshTunnel", true)),
                CredentialProperty.plain(PropertySpec.string("sshHost")
                        .displayName("SSH Host")
                        .defaultValue("localhost")
                        .showWhen("sshTunnel", true)),
                CredentialProperty.plain(PropertySpec.number("sshPort")
                        .displayName("SSH Port")
                        .defaultValue(22)
                        .showWhen("sshTunnel", true)),
                CredentialProperty.plain(PropertySpec.string("sshUser")
                        .displayName("SSH User")
                        .defaultValue("root")
                        .showWhen("sshTunnel", true)),
                CredentialProperty.secret(PropertySpec.string("sshPassword")
                        .displayName("SSH Password")
                        .defaultValue("")
                        .password()
                        .showWhen("sshTunnel", true)
                        .showWhen("sshAuthenticateWith", "password")),
                CredentialProperty.secret(PropertySpec.string("sshPrivateKey")
                        .displayName("Private Key")
                        .defaultValue("")
                        .password()
                        .rows(4)
                        .showWhen("sshTunnel", true)
                        .showWhen("sshAuthenticateWith", "privateKey")),
                CredentialProperty.secret(PropertySpec.string("sshPassphrase")
                        .displayName("Passphrase")
                        .defaultValue("")
                        .password()
                        .description("Passphrase used to create the key, if no passphrase was used leave empty")
                        .showWhen("sshTunnel", true)
                        .showWhen("sshAuthenticateWith", "privateKey")));
    }

    private final Settings settings;
    private final String actor;
    private final String target;
    private final SshdSocketAddress remote;
    private final SshLogin login;
    private final InetSocketAddress local;

    private SshTunnel(
            Settings settings, String actor, SshdSocketAddress remote, SshLogin login, InetSocketAddress local) {
        this.settings = settings;
        this.actor = actor;
        this.remote = remote;
        this.target = (remote.getHostName().contains(":") ? "[" + remote.getHostName() + "]" : remote.getHostName())
                + ":" + remote.getPort();
        this.login = login;
        this.local = local;
    }

    /**
     * Opens the tunnel: the SSH host resolved and checked through {@code policy} (refusals read "{@code actor} refused
     * to connect to …"), connect and login each bounded by {@code timeout}, then a loopback listener forwarding to
     * {@code targetHost:targetPort}. Failures are {@link NodeException}s: a refused login or an unreadable key is the
     * user's, an unreachable or silent SSH server operational.
     */
    public static SshTunnel open(
            Settings s, NetworkPolicy policy, String actor, String targetHost, int targetPort, Duration timeout) {
        InetAddress address;
        try {
            address = policy.resolve(s.host(), s.port()).getFirst();
        } catch (NetworkRefusedException e) {
            throw e.by(actor, -1);
        } catch (UnknownHostException e) {
            throw NodeException.operational(
                    actor + ": could not open the SSH tunnel: the SSH host '" + s.host() + "' could not be resolved",
                    null);
        }
        String prefix = actor + ": could not open the SSH tunnel through " + s.server() + ": ";
        SshLogin login;
        try {
            login = SshLogin.open(
                    new InetSocketAddress(address, s.port()),
                    s.user(),
                    s.password(),
                    s.privateKey(),
                    s.passphrase(),
                    timeout,
                    timeout,
                    Duration.ZERO);
        } catch (SshLogin.KeyUnreadable e) {
            throw NodeException.user("credential '" + s.credentialType() + "': the SSH "
                    + e.getMessage().replaceFirst("^the ", ""));
        } catch (IOException | RuntimeException e) {
            throw loginFailure(prefix, s, e, timeout);
        }
        SshdSocketAddress remote = new SshdSocketAddress(targetHost, targetPort);
        try {
            SshdSocketAddress bound = login.session()
                    .startLocalPortForwarding(
                            new SshdSocketAddress(
                                    InetAddress.getLoopbackAddress().getHostAddress(), 0),
                            remote);
            return new SshTunnel(
                    s, actor, remote, login, new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort()));
        } catch (IOException | RuntimeException e) {
            login.close();
            throw NodeException.operational(
                    prefix + "the local port forward could not be started: " + firstLine(e), null);
        }
    }

    private static NodeException loginFailure(String prefix, Settings s, Exception e, Duration timeout) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("No more authentication methods available")) {
            return NodeException.user(
                    prefix + "the SSH server refused the login of user '" + s.user() + "' with a " + s.method());
        }
        if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            return NodeException.operational(prefix + "could not connect: " + root.getMessage(), null);
        }
        if (root instanceof SocketTimeoutException
                || message.toLowerCase(Locale.ROOT).contains("timeout")
                || message.toLowerCase(Locale.ROOT).contains("timed out")) {
            return NodeException.operational(
                    prefix + "the SSH server did not answer within " + timeout.toMillis()
                            + " ms (is it an SSH server?)",
                    null);
        }
        return NodeException.operational(prefix + firstLine(e), null);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse("");
    }

    /** The loopback address whose connections go through the tunnel. */
    public InetSocketAddress localAddress() {
        return local;
    }

    /** Whether the SSH session still stands (the server may have closed it). */
    public boolean isOpen() {
        return login.isOpen();
    }

    /**
     * Why a connection through the tunnel would fail on the SSH side, or null when the SSH server forwards to the
     * target: asked after a database connection failed, it opens one forwarding channel itself (bounded by {@code
     * timeout}) to tell a refused forward or an unreachable target from a database error.
     */
    public String refusal(Duration timeout) {
        String prefix = actor + ": the SSH server at " + settings.server() + " ";
        if (!isOpen()) {
            return prefix + "closed the SSH session";
        }
        ChannelDirectTcpip channel = null;
        try {
            channel = login.session().createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0), remote);
            channel.open().verify(timeout);
            return null;
        } catch (IOException | RuntimeException failure) {
            SshChannelOpenException e = channelOpen(failure);
            if (e == null) {
                return prefix + "did not forward to " + target + ": " + firstLine(failure);
            }
            return switch (e.getReasonCode()) {
                case SshConstants.SSH_OPEN_ADMINISTRATIVELY_PROHIBITED ->
                    prefix + "refused to forward to " + target
                            + " (TCP forwarding is not allowed there: AllowTcpForwarding)";
                case SshConstants.SSH_OPEN_CONNECT_FAILED ->
                    prefix + "could not connect to " + target
                            + " (the database host and port as the SSH server sees them)";
                default -> prefix + "refused to forward to " + target + ": " + firstLine(e);
            };
        } finally {
            if (channel != null) {
                channel.close(true);
            }
        }
    }

    private static SshChannelOpenException channelOpen(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SshChannelOpenException e) {
                return e;
            }
        }
        return null;
    }

    @Override
    public void close() {
        login.close();
    }
}
