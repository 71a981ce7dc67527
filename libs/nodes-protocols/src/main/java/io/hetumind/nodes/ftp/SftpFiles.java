package io.hetumind.nodes.ftp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.net.PinnedAddress;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.FileTime;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * SFTP through Apache MINA SSHD, connected to the checked address. Like n8n's ssh2-sftp-client
 * setup, the server's host key is not checked against a known key (none can be configured).
 */
final class SftpFiles implements RemoteFiles {

    private final SshClient ssh;
    private final ClientSession session;
    private final SftpClient sftp;

    private SftpFiles(SshClient ssh, ClientSession session, SftpClient sftp) {
        this.ssh = ssh;
        this.session = session;
        this.sftp = sftp;
    }

    static SftpFiles open(
            PinnedAddress server,
            String user,
            String password,
            String privateKey,
            String passphrase,
            Duration connect,
            Duration io)
            throws IOException {
        SshClient ssh = SshClient.setUpDefaultClient();
        ssh.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(ssh, connect);
        CoreModuleProperties.AUTH_TIMEOUT.set(ssh, io);
        CoreModuleProperties.NIO2_READ_TIMEOUT.set(ssh, io);
        CoreModuleProperties.IDLE_TIMEOUT.set(ssh, io.multipliedBy(5));
        ssh.start();
        ClientSession session = null;
        try {
            session = ssh.connect(user, server.socketAddress()).verify(connect).getSession();
            if (privateKey != null && !privateKey.isBlank()) {
                for (KeyPair kp : keys(session, privateKey, passphrase)) {
                    session.addPublicKeyIdentity(kp);
                }
            } else {
                session.addPasswordIdentity(password == null ? "" : password);
            }
            session.auth().verify(io);
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpFiles(ssh, session, sftp);
        } catch (IOException | RuntimeException e) {
            if (session != null) {
                session.close(true);
            }
            ssh.stop();
            throw e;
        }
    }

    private static Iterable<KeyPair> keys(ClientSession session, String privateKey, String passphrase)
            throws IOException {
        // n8n accepts keys pasted with spaces instead of line breaks; put the breaks back
        String pem = privateKey.strip();
        try {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(
                    session,
                    NamedResource.ofName("privateKey"),
                    new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8)),
                    passphrase == null || passphrase.isEmpty() ? null : FilePasswordProvider.of(passphrase));
            if (keys == null || !keys.iterator().hasNext()) {
                throw new KeyException("credential 'sftp': the private key could not be read (OpenSSH or PEM format)");
            }
            return keys;
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            if (e instanceof KeyException k) {
                throw k;
            }
            throw new KeyException("credential 'sftp': the private key could not be read ("
                    + e.getClass().getSimpleName() + "; wrong passphrase or not OpenSSH/PEM)");
        }
    }

    @Override
    public List<Entry> list(String path) throws IOException {
        List<Entry> out = new ArrayList<>();
        for (SftpClient.DirEntry e : sftp.readDir(path)) {
            String name = e.getFilename();
            if (name.equals(".") || name.equals("..")) {
                continue;
            }
            SftpClient.Attributes a = e.getAttributes();
            ObjectNode json = Json.object();
            String type = a.isDirectory() ? "d" : a.isSymbolicLink() ? "l" : "-";
            json.put("type", type);
            json.put("name", name);
            json.put("size", a.getSize());
            json.put("modifyTime", time(a.getModifyTime()));
            json.put("accessTime", time(a.getAccessTime()));
            int perms = a.getPermissions();
            ObjectNode rights = json.putObject("rights");
            rights.put("user", rwx(perms >> 6));
            rights.put("group", rwx(perms >> 3));
            rights.put("other", rwx(perms));
            json.put("owner", a.getUserId());
            json.put("group", a.getGroupId());
            json.put("longname", e.getLongFilename());
            out.add(new Entry(name, a.isDirectory(), json));
        }
        return out;
    }

    private static String time(FileTime t) {
        return t == null ? null : t.toInstant().toString();
    }

    /** ssh2-sftp-client's rights: the granted letters ("rw", "rwx"). */
    private static String rwx(int bits) {
        return ((bits & 4) != 0 ? "r" : "") + ((bits & 2) != 0 ? "w" : "") + ((bits & 1) != 0 ? "x" : "");
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (InputStream in = sftp.read(path)) {
            byte[] chunk = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(chunk)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new IOException("the file is larger than " + maxBytes + " bytes");
                }
                buffer.write(chunk, 0, n);
            }
        }
        return buffer.toByteArray();
    }

    @Override
    public void write(String path, InputStream data) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            mkdirs(path.substring(0, slash));
        }
        try (OutputStream out = sftp.write(path)) {
            data.transferTo(out);
        }
    }

    private void mkdirs(String dir) throws IOException {
        if (exists(dir)) {
            return;
        }
        StringBuilder current = new StringBuilder(dir.startsWith("/") ? "/" : "");
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            current.append(part);
            if (!exists(current.toString())) {
                sftp.mkdir(current.toString());
            }
            current.append('/');
        }
    }

    private boolean exists(String path) throws IOException {
        try {
            sftp.stat(path);
            return true;
        } catch (SftpException e) {
            if (e.getStatus() == SftpConstants.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public void delete(String path) throws IOException {
        sftp.remove(path);
    }

    @Override
    public void rmdir(String path, boolean recursive) throws IOException {
        if (recursive) {
            for (Entry e : list(path)) {
                String child = path.endsWith("/") ? path + e.name() : path + "/" + e.name();
                if (e.directory()) {
                    rmdir(child, true);
                } else {
                    sftp.remove(child);
                }
            }
        }
        sftp.rmdir(path);
    }

    @Override
    public void rename(String from, String to, boolean createDirectories) throws IOException {
        if (createDirectories) {
            int slash = to.lastIndexOf('/');
            if (slash > 0) {
                mkdirs(to.substring(0, slash));
            }
        }
        sftp.rename(from, to);
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException e) {
            // closing anyway
        }
        session.close(true);
        ssh.stop();
    }

    /** The private key of the credential is unreadable. */
    static final class KeyException extends IOException {
        KeyException(String message) {
            super(message);
        }
    }
}
