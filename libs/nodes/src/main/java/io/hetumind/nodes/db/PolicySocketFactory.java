package io.hetumind.nodes.db;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.jdbc.sockets.RegisteredSocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import javax.net.SocketFactory;
import jdk.net.ExtendedSocketOptions;

/**
 * Sockets that resolve the server's name through a {@link NetworkPolicy} when they connect and connect to the address
 * the policy checked, whatever the driver resolved before. The PostgreSQL driver names its socket factory by class, so
 * {@link PgPools} registers one of these with {@link RegisteredSocketFactory} and gives the driver that class and the
 * registration's id: the policy never has to be found again through a static of a class the driver may load apart.
 */
final class PolicySocketFactory extends SocketFactory {

    private final NetworkPolicy policy;
    private final int keepAliveDelaySeconds;

    /** {@code keepAliveDelaySeconds}: idle time before TCP keep-alive probes start, 0 for the system's. */
    PolicySocketFactory(NetworkPolicy policy, int keepAliveDelaySeconds) {
        this.policy = policy;
        this.keepAliveDelaySeconds = keepAliveDelaySeconds;
    }

    @Override
    public Socket createSocket() {
        return new PolicySocket(policy, keepAliveDelaySeconds);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket s = createSocket();
        s.bind(new InetSocketAddress(localHost, localPort));
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(host.getHostAddress(), port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return createSocket(address.getHostAddress(), port, localAddress, localPort);
    }

    /** A socket whose connect goes through the policy. */
    private static final class PolicySocket extends Socket {
        private final NetworkPolicy policy;
        private final int keepAliveDelaySeconds;

        PolicySocket(NetworkPolicy policy, int keepAliveDelaySeconds) {
            this.policy = policy;
            this.keepAliveDelaySeconds = keepAliveDelaySeconds;
        }

        @Override
        public void connect(SocketAddress endpoint) throws IOException {
            connect(endpoint, 0);
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress isa)) {
                throw new SocketException("unsupported address type");
            }
            InetAddress address;
            try {
                address = policy.resolve(isa.getHostString(), isa.getPort()).getFirst();
            } catch (NetworkRefusedException e) {
                throw new ConnectException(e.getMessage());
            }
            super.connect(new InetSocketAddress(address, isa.getPort()), timeout);
            if (keepAliveDelaySeconds > 0 && supportedOptions().contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
                setKeepAlive(true);
                setOption(ExtendedSocketOptions.TCP_KEEPIDLE, keepAliveDelaySeconds);
            }
        }
    }
}
