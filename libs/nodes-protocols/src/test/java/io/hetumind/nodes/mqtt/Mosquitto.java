package io.hetumind.nodes.mqtt;

import io.hetumind.nodes.protocols.Servers;
import io.hetumind.nodes.tls.TestPki;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker started from the machine's binary with a temporary configuration: a plain MQTT
 * listener, a WebSocket listener and a WebSocket listener with TLS ({@code pki}'s certificate for localhost),
 * all wanting user bob with password pw-123 (a password file made by {@code mosquitto_passwd}). Debian's
 * mosquitto 2.0 refuses to start with WebSocket listeners alone, so the plain one is always there.
 * A missing binary fails the test with what to install; it never skips.
 */
record Mosquitto(int plainPort, int wsPort, int wssPort, Process process, Path log) implements AutoCloseable {

    static final String USER = "bob";
    static final String PASSWORD = "pw-123";

    static Mosquitto start(Path dir, TestPki pki) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path passwords = dir.resolve("passwords");
        Path log = dir.resolve("mosquitto.log");
        Process pw = new ProcessBuilder(
                        binary("/usr/bin/mosquitto_passwd"), "-b", "-c", passwords.toString(), USER, PASSWORD)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!pw.waitFor(30, TimeUnit.SECONDS) || pw.exitValue() != 0) {
            throw new AssertionError("mosquitto_passwd failed: " + Files.readString(log));
        }
        int plain = Servers.freePort();
        int ws = Servers.freePort();
        int wss = Servers.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        // as whoever runs the tests (as root mosquitto would switch to a user that cannot read dir)
                        "user " + System.getProperty("user.name"),
                        "per_listener_settings false",
                        "allow_anonymous false",
                        "password_file " + passwords,
                        "persistence false",
                        "listener " + plain + " 127.0.0.1",
                        "listener " + ws + " 127.0.0.1",
                        "protocol websockets",
                        "listener " + wss + " 127.0.0.1",
                        "protocol websockets",
                        "certfile " + pki.serverCertFile(),
                        "keyfile " + pki.serverKeyFile(),
                        ""));
        Process p = new ProcessBuilder(binary("/usr/sbin/mosquitto"), "-c", conf.toString(), "-v")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        Mosquitto m = new Mosquitto(plain, ws, wss, p, log);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        for (int port : List.of(plain, ws, wss)) {
            while (!listening(port)) {
                if (!p.isAlive()) {
                    throw new AssertionError("mosquitto exited at start; see " + log + ":\n" + Files.readString(log));
                }
                if (System.nanoTime() > end) {
                    m.close();
                    throw new AssertionError("mosquitto did not listen on port " + port + " in 30 s; see " + log);
                }
                Thread.sleep(100);
            }
        }
        return m;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String binary(String path) {
        if (!Files.isExecutable(Path.of(path))) {
            throw new AssertionError(path + " is not installed — the MQTT WebSocket tests start their own mosquitto"
                    + " (apt-get install mosquitto; see libs/nodes-protocols/README.md)");
        }
        return path;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
