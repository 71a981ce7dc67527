package io.hetumind.jdbc.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.Test;

class RegisteredSocketFactoryTest {

    /** Records the addresses it was asked to connect to and connects to the default factory's sockets. */
    static final class Recording extends SocketFactory {
        final List<String> asked = new ArrayList<>();

        @Override
        public Socket createSocket() {
            asked.add("unconnected");
            return new Socket();
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            asked.add(host + ":" + port);
            return new Socket(host, port);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            asked.add(host + ":" + port);
            return new Socket(host, port, localHost, localPort);
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            asked.add(host.getHostAddress() + ":" + port);
            return new Socket(host, port);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            asked.add(address.getHostAddress() + ":" + port);
            return new Socket(address, port, localAddress, localPort);
        }
    }

    @Test
    void anInstanceMadeByNameAndIdHandsOutTheRegisteredFactorysSockets() throws Exception {
        Recording recording = new Recording();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RegisteredSocketFactory.Registration reg = RegisteredSocketFactory.register(recording)) {
            // as pgjdbc's ObjectFactory does: the class by name, its (String) constructor with socketFactoryArg
            SocketFactory byName = (SocketFactory) Class.forName(RegisteredSocketFactory.class.getName())
                    .getConstructor(String.class)
                    .newInstance(reg.id());
            try (Socket s = byName.createSocket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 5_000);
                try (Socket accepted = server.accept();
                        OutputStream out = s.getOutputStream();
                        InputStream in = accepted.getInputStream()) {
                    out.write("ping".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(new String(in.readNBytes(4), StandardCharsets.US_ASCII))
                            .isEqualTo("ping");
                }
            }
            try (Socket s = byName.createSocket("127.0.0.1", server.getLocalPort())) {
                assertThat(s.isConnected()).isTrue();
                server.accept().close();
            }
            assertThat(recording.asked).containsExactly("unconnected", "127.0.0.1:" + server.getLocalPort());
        }
    }

    @Test
    void unknownAndClosedIdsAreRefusedByName() {
        assertThatThrownBy(() -> new RegisteredSocketFactory("sockets-0"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no socket factory is registered as 'sockets-0'");
        assertThatThrownBy(() -> new RegisteredSocketFactory(null)).hasMessageContaining("'null'");
        RegisteredSocketFactory.Registration reg = RegisteredSocketFactory.register(new Recording());
        int before = RegisteredSocketFactory.registered();
        new RegisteredSocketFactory(reg.id());
        reg.close();
        assertThat(RegisteredSocketFactory.registered()).isEqualTo(before - 1);
        assertThatThrownBy(() -> new RegisteredSocketFactory(reg.id()))
                .hasMessage("no socket factory is registered as '" + reg.id() + "'");
        assertThatThrownBy(() -> RegisteredSocketFactory.register(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLoaderWithACopyOfItsOwnOrNoneIsNotOneThatSeesTheRegistry() throws Exception {
        assertThat(RegisteredSocketFactory.visibleTo(RegisteredSocketFactory.class.getClassLoader()))
                .isTrue();
        // a child of ours delegates to us: the same class
        try (URLClassLoader child = new URLClassLoader(new URL[0], RegisteredSocketFactory.class.getClassLoader())) {
            assertThat(RegisteredSocketFactory.visibleTo(child)).isTrue();
        }
        // what a driver loaded beside the class path sees: a copy of the class with an empty registry …
        URL classes = RegisteredSocketFactory.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation();
        try (URLClassLoader copy = new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader())) {
            Class<?> other = Class.forName(RegisteredSocketFactory.class.getName(), false, copy);
            assertThat(other).isNotSameAs(RegisteredSocketFactory.class);
            assertThat(RegisteredSocketFactory.visibleTo(copy)).isFalse();
            try (RegisteredSocketFactory.Registration reg = RegisteredSocketFactory.register(new Recording())) {
                assertThatThrownBy(() -> other.getConstructor(String.class).newInstance(reg.id()))
                        .hasRootCauseMessage("no socket factory is registered as '" + reg.id() + "'");
            }
        }
        // … or none at all (a driver on a class path that lacks this jar)
        try (URLClassLoader none = new URLClassLoader(new URL[0], ClassLoader.getPlatformClassLoader())) {
            assertThat(RegisteredSocketFactory.visibleTo(none)).isFalse();
        }
    }
}
