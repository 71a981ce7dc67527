package io.hetumind.nodes.ftp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.net.PinnedAddress;
import io.hetumind.nodes.protocols.Streams;
import io.hetumind.nodes.ssh.SshLogin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

/**
 * SFTP through Apache MINA SSHD ({@link SshLogin}), connected to the checked address. Like n8n's ssh2-sftp-client
 * setup, the server's host key is not checked against a known key (none can be configured).
 */
final class SftpFiles implements RemoteFiles {

    private final SshLogin login;
    private final SftpClient sftp;

    private SftpFiles(SshLogin login, SftpClient sftp) {
        this.login = login;
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
        SshLogin login;
        try {
            // the connect bound covers the handshake too, as ssh2's readyTimeout does for n8n
            login = SshLogin.open(
                    server.socketAddress(),
                    user,
                    password,
                    privateKey,
                    passphrase,
                    connect,
                    connect,
                    io,
                    io.multipliedBy(5));
        } catch (SshLogin.KeyUnreadable e) {
            throw new KeyException("credential 'sftp': " + e.getMessage());
        }
        try {
            return new SftpFiles(login, SftpClientFactory.instance().createSftpClient(login.session()));
        } catch (IOException | RuntimeException e) {
            login.close();
            throw e;
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
        try (InputStream in = sftp.read(path)) {
            return Streams.readAtMost(in, maxBytes);
        }
    }

    @Override
    public byte[] readConcurrently(String path, long maxBytes, int readers, int chunkSize) throws IOException {
        try (SftpClient.CloseableHandle handle = sftp.open(path, SftpClient.OpenMode.Read)) {
            long size = sftp.stat(handle).getSize();
            if (size > maxBytes) {
                throw new IOException("the file is larger than " + maxBytes + " bytes");
            }
            byte[] out = new byte[(int) size];
            int chunks = (int) ((size + chunkSize - 1) / chunkSize);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> running = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int r = 0; r < Math.min(readers, chunks); r++) {
                    running.add(pool.submit(() -> {
                        for (int c; (c = next.getAndIncrement()) < chunks; ) {
                            int offset = c * chunkSize;
                            int length = (int) Math.min(chunkSize, size - offset);
                            for (int done = 0; done < length; ) {
                                int n = sftp.read(handle, offset + done, out, offset + done, length - done);
                                if (n < 0) {
                                    throw new IOException("the file ended at " + (offset + done) + " of " + size
                                            + " bytes while it was read");
                                }
                                done += n;
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("the download was interrupted");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
            return out;
        }
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
        login.close();
    }

    /** The private key of the credential is unreadable. */
    static final class KeyException extends IOException {
        KeyException(String message) {
            super(message);
        }
    }
}
