package io.hetumind.nodes.ssh;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.forward.AcceptAllForwardingFilter;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An in-process SSH server (Apache MINA SSHD) on a free loopback port for the tunnel tests: user {@link #USER} logs in
 * with {@link #PASSWORD} or {@link #key}; TCP forwarding is allowed (each target recorded in {@link #forwarded}) or,
 * with {@code forwarding} false, refused as sshd's {@code AllowTcpForwarding no} does. Shared with libs/nodes-protocols'
 * MySQL tunnel tests through this module's test jar.
 */
public final class TestSshServer implements AutoCloseable {

    public static final String USER = "tunneller";
    public static final String PASSWORD = "ssh-Pa55-secret";
    public static final String PASSPHRASE = "key-Pa55phrase";

    public final SshServer server;
    public final KeyPair key;
    public final List<String> forwarded = new CopyOnWriteArrayList<>();

    public TestSshServer(boolean forwarding) throws Exception {
        key = KeyUtils.generateKeyPair("ssh-rsa", 2048);
        PublicKey allowed = key.getPublic();
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(
                Files.createTempDirectory("ssh-hostkey").resolve("hostkey.ser")));
        server.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && PASSWORD.equals(p));
        server.setPublickeyAuthenticator((u, k, s) -> USER.equals(u) && KeyUtils.compareKeys(allowed, k));
        server.setForwardingFilter(
                forwarding
                        ? new AcceptAllForwardingFilter() {
                            @Override
                            public boolean canConnect(
                                    Type type, SshdSocketAddress address, org.apache.sshd.common.session.Session s) {
                                forwarded.add(address.getHostName() + ":" + address.getPort());
                                return true;
                            }
                        }
                        : RejectAllForwardingFilter.INSTANCE);
        server.getKeyPairProvider().loadKeys(null);
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    /** The key in OpenSSH format, encrypted with {@code passphrase} unless it is null. */
    public String privateKey(String passphrase) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyEncryptionContext enc = null;
        if (passphrase != null) {
            enc = new OpenSSHKeyEncryptionContext();
            enc.setCipherName("AES");
            enc.setCipherMode("CTR");
            enc.setCipherType("256");
            enc.setPassword(passphrase);
        }
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", enc, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Sessions the server still holds. */
    public int sessions() {
        return server.getActiveSessions().size();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
