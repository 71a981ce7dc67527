package io.hetumind.nodes.ssh;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.session.SessionHeartbeatController;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * A logged-in SSH session (Apache MINA SSHD client) to an address already checked by the caller: with a private key
 * (OpenSSH or PEM, with its passphrase) when one is given, else with the password. Shared by the SFTP side of the FTP
 * node and the database nodes' SSH tunnels. Like n8n's ssh2 setups, the server's host key is accepted without a check:
 * n8n's credentials have no field for a known host key to check it against.
 */
public final class SshLogin implements AutoCloseable {

    private final SshClient client;
    private final ClientSession session;

    private SshLogin(SshClient client, ClientSession session) {
        this.client = client;
        this.session = session;
    }

    /** The private key text could not be read; the message names no key material. */
    public static final class KeyUnreadable extends IOException {
        KeyUnreadable(String message) {
            super(message);
        }
    }

    /**
     * Connects to {@code address} within {@code connect} and logs {@code user} in within {@code io}; every later read
     * is bounded by {@code io} too, and an idle session closes after five times that. A session closed on failure.
     */
    public static SshLogin open(
            InetSocketAddress address,
            String user,
            String password,
            String privateKey,
            String passphrase,
            Duration connect,
            Duration io)
            throws IOException {
        return open(address, user, password, privateKey, passphrase, connect, io, io.multipliedBy(5));
    }

    /** {@link #open} with its own idle bound ({@link Duration#ZERO}: never idle out, for long-lived tunnels). */
    public static SshLogin open(
            InetSocketAddress address,
            String user,
            String password,
            String privateKey,
            String passphrase,
            Duration connect,
            Duration io,
            Duration idle)
            throws IOException {
        return open(address, user, password, privateKey, passphrase, connect, io, io, idle);
    }

    /**
     * {@link #open} where the key exchange and the login must be done within {@code handshake} (ssh2's readyTimeout,
     * which n8n's SFTP sets from its Timeout option), whatever the bound on later reads.
     */
    public static SshLogin open(
            InetSocketAddress address,
            String user,
            String password,
            String privateKey,
            String passphrase,
            Duration connect,
            Duration handshake,
            Duration io,
            Duration idle)
            throws IOException {
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(ssh, connect);
        // a little beyond the caller's bound, so the wait below ends first and says "timeout" rather than the
        // session being closed under it
        CoreModuleProperties.AUTH_TIMEOUT.set(ssh, handshake.plusSeconds(1));
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(ssh, idle.isZero() ? Duration.ZERO : io);
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, idle);
        if (idle.isZero()) {
            // nothing bounds an idle tunnel, so keep middle boxes from dropping it
            ssh.setSessionHeartbeat(SessionHeartbeatController.HeartbeatType.IGNORE, Duration.ofSeconds(30));
        }
        ssh.start();
        ClientSession session = null;
        try {
            session = ssh.connect(user, address).verify(connect).getSession();
            if (privateKey != null && !privateKey.isBlank()) {
                for (KeyPair kp : keys(session, privateKey, passphrase)) {
                    session.addPublicKeyIdentity(kp);
                }
            } else {
                session.addPasswordIdentity(password == null ? "" : password);
            }
            session.auth().verify(handshake);
            return new SshLogin(ssh, session);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            ssh.stop();
            throw e;
        }
    }

    private static Iterable<KeyPair> keys(ClientSession session, String privateKey, String passphrase)
            throws KeyUnreadable {
        String pem = rewrapped(privateKey);
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                    session,
                    NamedResource.ofName("privateKey"),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)),
                    passphrase == null || passphrase.isEmpty() ? null : FilePasswordProvider.of(passphrase));
            if (keys == null || !keys.iterator().hasNext()) {
                throw new KeyUnreadable("the private key could not be read (OpenSSH or PEM format)");
            }
            return keys;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof KeyUnreadable k) {
                throw k;
            }
            throw new KeyUnreadable("the private key could not be read ("
                    + e.getClass().getSimpleName() + "; wrong passphrase or not OpenSSH/PEM)");
        }
    }

    private static final Pattern BLOCK =
            Pattern.compile("(-----BEGIN [A-Z0-9 ]+-----)(.*?)(-----END [A-Z0-9 ]+-----)", Pattern.DOTALL);

    /**
     * The key with its line breaks back when it was pasted on one line (n8n's form turns them into spaces, and
     * n8n's {@code formatPrivateKey} puts them back): header lines such as {@code Proc-Type: 4,ENCRYPTED} stay
     * whole, then a blank line, then one base64 piece a line.
     */
    static String rewrapped(String key) {
        String k = key.strip();
        Matcher m = BLOCK.matcher(k);
        if (!m.find() || m.group(2).strip().contains("\n")) {
            return k;
        }
        String[] tokens = m.group(2).strip().split("\\s+");
        StringBuilder out = new StringBuilder(m.group(1)).append('\n');
        int i = 0;
        boolean headers = false;
        while (i + 1 < tokens.length && tokens[i].endsWith(":")) {
            out.append(tokens[i]).append(' ').append(tokens[i + 1]).append('\n');
            i += 2;
            headers = true;
        }
        if (headers) {
            out.append('\n');
        }
        for (; i < tokens.length; i++) {
            out.append(tokens[i]).append('\n');
        }
        return out.append(m.group(3)).append('\n').toString();
    }

    public ClientSession session() {
        return session;
    }

    /** Whether the session is still open (the server may have closed it). */
    public boolean isOpen() {
        return session.isOpen() && !session.isClosing();
    }

    @Override
    public void close() {
        session.close(true);
        client.stop();
    }
}
