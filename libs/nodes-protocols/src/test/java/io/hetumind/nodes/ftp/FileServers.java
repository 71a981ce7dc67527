package io.hetumind.nodes.ftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/** In-process FTP (Apache FtpServer) and SFTP (MINA SSHD) servers, each confined to a temp root. */
final class FileServers {

    static final String USER = "bob";
    static final String PASSWORD = "Ftp-s3cret-pass";

    private FileServers() {}

    /** An FTP server on a free loopback port whose only user is confined to {@code root}. */
    static final class Ftp implements AutoCloseable {
        final Path root;
        final FtpServer server;
        final int port;

        Ftp() throws IOException, FtpException {
            root = Files.createTempDirectory("ftp-root");
            FtpServerFactory factory = new FtpServerFactory();
            ListenerFactory listener = new ListenerFactory();
            listener.setServerAddress("127.0.0.1");
            listener.setPort(0);
            factory.addListener("default", listener.createListener());
            var users = new PropertiesUserManagerFactory().createUserManager();
            BaseUser user = new BaseUser();
            user.setName(USER);
            user.setPassword(PASSWORD);
            user.setHomeDirectory(root.toString());
            user.setAuthorities(List.<Authority>of(new WritePermission()));
            users.save(user);
            factory.setUserManager(users);
            server = factory.createServer();
            server.start();
            port = ((org.apache.ftpserver.impl.DefaultFtpServer) server)
                    .getListener("default")
                    .getPort();
        }

        @Override
        public void close() {
            server.stop();
        }
    }

    /** An SFTP server on a free loopback port: password or {@code key} logins, files under {@code root}. */
    static final class Sftp implements AutoCloseable {
        final Path root;
        final SshServer server;
        final KeyPair key;

        Sftp() throws Exception {
            root = Files.createTempDirectory("sftp-root");
            key = KeyUtils.generateKeyPair("ssh-rsa", 2048);
            PublicKey allowed = key.getPublic();
            server = SshServer.setUpDefaultServer();
            server.setHost("127.0.0.1");
            server.setPort(0);
            server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(
                    Files.createTempDirectory("sftp-hostkey").resolve("hostkey.ser")));
            server.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && PASSWORD.equals(p));
            server.setPublickeyAuthenticator((u, k, s) -> USER.equals(u) && KeyUtils.compareKeys(allowed, k));
            server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            server.setFileSystemFactory(new VirtualFileSystemFactory(root));
            server.getKeyPairProvider().loadKeys(null); // generate the host key now, not on the first login
            server.start();
        }

        int port() {
            return server.getPort();
        }

        @Override
        public void close() throws IOException {
            server.stop(true);
        }
    }
}
