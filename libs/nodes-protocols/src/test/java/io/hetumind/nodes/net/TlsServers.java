package io.hetumind.nodes.net;

import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.tls.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real servers speaking TLS with a {@link TestPki}'s certificate, started by the tests from the machine's
 * own binaries (redis-server, mariadbd, rabbitmq-server) on free ports and stopped after them. A binary
 * that is missing fails the test with what to install; it never skips.
 */
public final class TlsServers {

    private TlsServers() {}

    /** A started server: its TLS port; closing stops the process and everything it started. */
    public record Running(String name, int port, Process process, Path log) implements AutoCloseable {
        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** redis-server with only a TLS port (no client certificates asked). */
    public static Running redis(TestPki pki) throws IOException {
        int port = Servers.freePort();
        return start(
                "Redis",
                port,
                pki.dir().resolve("redis.log"),
                Map.of(),
                List.of(
                        binary("/usr/bin/redis-server", "redis-server"),
                        "--port",
                        "0",
                        "--tls-port",
                        String.valueOf(port),
                        "--tls-cert-file",
                        pki.serverCertFile().toString(),
                        "--tls-key-file",
                        pki.serverKeyFile().toString(),
                        "--tls-ca-cert-file",
                        pki.caFile().toString(),
                        "--tls-auth-clients",
                        "no",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--bind",
                        "127.0.0.1",
                        "--dir",
                        pki.dir().toString()),
                30);
    }

    /**
     * A MariaDB server of its own (a fresh data directory, root without password from 127.0.0.1) with TLS
     * offered on its one port; plain connections are still accepted unless a user requires TLS. It runs as
     * the user running the tests ({@code --user} names that user: mariadb-install-db chowns the data directory
     * to it, which only root may do for another user, e.g. on a CI runner's unprivileged account).
     */
    public static Running mariadb(TestPki pki) throws IOException {
        String user = "--user=" + System.getProperty("user.name");
        Path data = pki.dir().resolve("mariadb");
        Path log = pki.dir().resolve("mariadb.log");
        run(
                log,
                List.of(
                        binary("/usr/bin/mariadb-install-db", "mariadb-install-db"),
                        "--no-defaults",
                        "--datadir=" + data,
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db",
                        user));
        int port = Servers.freePort();
        return start(
                "MariaDB",
                port,
                log,
                Map.of(),
                List.of(
                        binary("/usr/sbin/mariadbd", "mariadbd"),
                        "--no-defaults",
                        "--datadir=" + data,
                        "--socket=" + pki.dir().resolve("mariadb.sock"),
                        "--port=" + port,
                        "--bind-address=127.0.0.1",
                        user,
                        "--skip-log-bin",
                        "--pid-file=" + pki.dir().resolve("mariadb.pid"),
                        "--ssl-ca=" + pki.caFile(),
                        "--ssl-cert=" + pki.serverCertFile(),
                        "--ssl-key=" + pki.serverKeyFile()),
                60);
    }

    /**
     * A RabbitMQ node of its own with only an amqps listener: PLAIN login for {@code user}/{@code password}
     * and EXTERNAL login by the client certificate's common name ({@link TestPki#CLIENT_CN}).
     */
    public static Running rabbitmq(TestPki pki, String user, String password) throws IOException {
        int port = Servers.freePort();
        Path base = pki.dir().resolve("rabbitmq");
        Files.createDirectories(base);
        Path defs = base.resolve("definitions.json");
        Files.writeString(
                defs,
                """
                {"users": [
                   {"name": "%s", "password_hash": "%s", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ""},
                   {"name": "%s", "password_hash": "", "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ""}],
                 "vhosts": [{"name": "/"}],
                 "permissions": [
                   {"user": "%s", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"},
                   {"user": "%s", "vhost": "/", "configure": ".*", "write": ".*", "read": ".*"}]}
                """
                        .formatted(user, hash(password), TestPki.CLIENT_CN, user, TestPki.CLIENT_CN));
        Path conf = base.resolve("rabbitmq.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        "listeners.tcp = none",
                        "listeners.ssl.default = 127.0.0.1:" + port,
                        "ssl_options.cacertfile = " + pki.caFile(),
                        "ssl_options.certfile = " + pki.serverCertFile(),
                        "ssl_options.keyfile = " + pki.serverKeyFile(),
                        "ssl_options.verify = verify_peer",
                        "ssl_options.fail_if_no_peer_cert = false",
                        "auth_mechanisms.1 = PLAIN",
                        "auth_mechanisms.2 = EXTERNAL",
                        "ssl_cert_login_from = common_name",
                        "loopback_users = none",
                        "load_definitions = " + defs,
                        ""));
        Path plugins = base.resolve("enabled_plugins");
        Files.writeString(plugins, "[rabbitmq_auth_mechanism_ssl].\n");
        String node = "hmtls" + ProcessHandle.current().pid() + "x" + port + "@localhost";
        Map<String, String> env = Map.of(
                "RABBITMQ_NODENAME", node,
                "RABBITMQ_NODE_PORT", String.valueOf(Servers.freePort()),
                "RABBITMQ_DIST_PORT", String.valueOf(Servers.freePort()),
                "RABBITMQ_CONFIG_FILE", conf.toString(),
                "RABBITMQ_ADVANCED_CONFIG_FILE", base.resolve("advanced.config").toString(),
                "RABBITMQ_ENABLED_PLUGINS_FILE", plugins.toString(),
                "RABBITMQ_MNESIA_BASE", base.resolve("mnesia").toString(),
                "RABBITMQ_LOG_BASE", base.resolve("log").toString(),
                "RABBITMQ_PID_FILE", base.resolve("pid").toString());
        // the bare script runs the broker as the current user (Debian's wrapper would switch to rabbitmq)
        return start(
                "RabbitMQ",
                port,
                pki.dir().resolve("rabbitmq.log"),
                env,
                List.of(binary("/usr/lib/rabbitmq/bin/rabbitmq-server", "rabbitmq-server")),
                120);
    }

    /** rabbit_password_hashing_sha256: base64(salt ‖ sha256(salt ‖ password)). */
    private static String hash(String password) {
        try {
            byte[] salt = new byte[4];
            new SecureRandom().nextBytes(salt);
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(salt);
            byte[] digest = md.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] all = new byte[4 + digest.length];
            System.arraycopy(salt, 0, all, 0, 4);
            System.arraycopy(digest, 0, all, 4, digest.length);
            return Base64.getEncoder().encodeToString(all);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String binary(String path, String name) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(name + " is not installed at " + path + " — the TLS tests start their own " + name
                    + " (see libs/nodes-protocols/README.md)");
        }
        return path;
    }

    private static void run(Path log, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new AssertionError(cmd.getFirst() + " failed; see " + log + ":\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static Running start(
            String name, int port, Path log, Map<String, String> env, List<String> cmd, int seconds)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Running running = new Running(name, port, pb.start(), log);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            if (!running.process().isAlive()) {
                throw new AssertionError(name + " exited at start; see " + log + ":\n" + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return running;
            } catch (IOException e) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        running.close();
        throw new AssertionError(
                name + " did not listen on 127.0.0.1:" + port + " within " + seconds + " s; see " + log);
    }
}
