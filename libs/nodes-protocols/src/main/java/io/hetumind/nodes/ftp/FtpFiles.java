package io.hetumind.nodes.ftp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.spi.Json;
import io.hetumind.nodes.net.PinnedAddress;
import io.hetumind.nodes.protocols.Streams;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.ftp.FTP;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/**
 * FTP through commons-net: passive binary transfers, every data connection made to the control
 * connection's (checked) address whatever the server's PASV reply says, so a server cannot point
 * the node at another host.
 */
final class FtpFiles implements RemoteFiles {

    private final FTPClient client;
    private final PinnedAddress server;

    private FtpFiles(FTPClient client, PinnedAddress server) {
        this.client = client;
        this.server = server;
    }

    static FtpFiles open(PinnedAddress server, String user, String password, Duration connect, Duration io)
            throws IOException {
        FTPClient client = new FTPClient();
        client.setConnectTimeout((int) connect.toMillis());
        // the greeting is awaited within the connect bound; later replies within io (set after connecting)
        client.setDefaultTimeout((int) connect.toMillis());
        client.setDataTimeout(io);
        client.setControlKeepAliveReplyTimeout(io);
        InetAddress pinned = server.address();
        client.setPassiveNatWorkaroundStrategy(host -> pinned.getHostAddress());
        client.setRemoteVerificationEnabled(true);
        try {
            client.connect(pinned, server.port());
            client.setSoTimeout((int) io.toMillis());
            if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
                throw new FtpReplyException("the server refused the connection: " + reply(client));
            }
            // like node-ftp: anonymous when no user name is given
            String login = user == null || user.isEmpty() ? "anonymous" : user;
            String secret = user == null || user.isEmpty() ? "anonymous@" : password;
            if (!client.login(login, secret)) {
                throw new FtpLoginException(reply(client));
            }
            client.enterLocalPassiveMode();
            client.setFileType(FTP.BINARY_FILE_TYPE);
            return new FtpFiles(client, server);
        } catch (IOException | RuntimeException e) {
            disconnect(client);
            throw e;
        }
    }

    @Override
    public List<Entry> list(String path) throws IOException {
        FTPFile[] files = client.listFiles(path);
        check("LIST " + path);
        List<Entry> out = new ArrayList<>();
        for (FTPFile f : files) {
            if (f == null
                    || f.getName() == null
                    || f.getName().equals(".")
                    || f.getName().equals("..")) {
                continue;
            }
            ObjectNode json = Json.object();
            String type = f.isDirectory() ? "d" : f.isSymbolicLink() ? "l" : "-";
            json.put("type", type);
            json.put("name", f.getName());
            if (f.getLink() != null) {
                json.put("target", f.getLink());
            }
            json.put("sticky", false);
            ObjectNode rights = json.putObject("rights");
            rights.put("user", rights(f, FTPFile.USER_ACCESS));
            rights.put("group", rights(f, FTPFile.GROUP_ACCESS));
            rights.put("other", rights(f, FTPFile.WORLD_ACCESS));
            json.put("owner", f.getUser());
            json.put("group", f.getGroup());
            json.put("size", f.getSize());
            if (f.getTimestamp() != null) {
                json.put(
                        "modifyTime",
                        Instant.ofEpochMilli(f.getTimestamp().getTimeInMillis()).toString());
            }
            out.add(new Entry(f.getName(), f.isDirectory(), json));
        }
        return out;
    }

    /** node-ftp's rights: the granted letters without dashes ("rw", "r"). */
    private static String rights(FTPFile f, int access) {
        StringBuilder s = new StringBuilder();
        if (f.hasPermission(access, FTPFile.READ_PERMISSION)) {
            s.append('r');
        }
        if (f.hasPermission(access, FTPFile.WRITE_PERMISSION)) {
            s.append('w');
        }
        if (f.hasPermission(access, FTPFile.EXECUTE_PERMISSION)) {
            s.append('x');
        }
        return s.toString();
    }

    @Override
    public byte[] read(String path, long maxBytes) throws IOException {
        byte[] data;
        try (InputStream in = client.retrieveFileStream(path)) {
            if (in == null) {
                throw new FtpReplyException("RETR " + path + ": " + reply(client));
            }
            data = Streams.readAtMost(in, maxBytes);
        }
        if (!client.completePendingCommand()) {
            throw new FtpReplyException("RETR " + path + ": " + reply(client));
        }
        return data;
    }

    @Override
    public void write(String path, InputStream data) throws IOException {
        if (store(path, data)) {
            return;
        }
        // as n8n: when the server refuses the file (a missing directory: 553 for most servers, 550/551 for
        // some), create the directories and try once more
        int code = client.getReplyCode();
        if (code == 553 || code == 550 || code == 551) {
            int slash = path.lastIndexOf('/');
            if (slash > 0) {
                mkdirs(path.substring(0, slash));
                if (data.markSupported()) {
                    data.reset();
                }
                if (store(path, data)) {
                    return;
                }
            }
        }
        throw new FtpReplyException("STOR " + path + ": " + reply(client));
    }

    private boolean store(String path, InputStream data) throws IOException {
        try (OutputStream out = client.storeFileStream(path)) {
            if (out == null) {
                return false;
            }
            data.transferTo(out);
        }
        return client.completePendingCommand();
    }

    private void mkdirs(String dir) throws IOException {
        StringBuilder current = new StringBuilder(dir.startsWith("/") ? "/" : "");
        for (String part : dir.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            current.append(part);
            client.makeDirectory(current.toString()); // an existing directory is refused: fine
            current.append('/');
        }
    }

    @Override
    public void delete(String path) throws IOException {
        if (!client.deleteFile(path)) {
            throw new FtpReplyException("DELE " + path + ": " + reply(client));
        }
    }

    @Override
    public void rmdir(String path, boolean recursive) throws IOException {
        if (recursive) {
            for (Entry e : list(path)) {
                String child = path.endsWith("/") ? path + e.name() : path + "/" + e.name();
                if (e.directory()) {
                    rmdir(child, true);
                } else {
                    delete(child);
                }
            }
        }
        if (!client.removeDirectory(path)) {
            throw new FtpReplyException("RMD " + path + ": " + reply(client));
        }
    }

    @Override
    public void rename(String from, String to, boolean createDirectories) throws IOException {
        if (createDirectories) {
            int slash = to.lastIndexOf('/');
            if (slash > 0) {
                mkdirs(to.substring(0, slash));
            }
        }
        if (!client.rename(from, to)) {
            throw new FtpReplyException("RNFR/RNTO " + from + " → " + to + ": " + reply(client));
        }
    }

    private void check(String command) throws IOException {
        if (!FTPReply.isPositiveCompletion(client.getReplyCode())) {
            throw new FtpReplyException(command + ": " + reply(client));
        }
    }

    static String reply(FTPClient client) {
        String r = client.getReplyString();
        return r == null ? "no reply" : r.strip().replaceAll("\\s+", " ");
    }

    @Override
    public void close() {
        try {
            client.logout();
        } catch (IOException e) {
            // closing anyway
        }
        disconnect(client);
    }

    private static void disconnect(FTPClient client) {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** The server answered a command with a refusal (its reply is the message). */
    static final class FtpReplyException extends IOException {
        FtpReplyException(String message) {
            super(message);
        }
    }

    /** The server refused the user name or password. */
    static final class FtpLoginException extends IOException {
        FtpLoginException(String message) {
            super(message);
        }
    }

    PinnedAddress server() {
        return server;
    }
}
