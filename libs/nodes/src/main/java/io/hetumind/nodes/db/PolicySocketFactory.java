package io.hetumind.nodes.db;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * The PostgreSQL driver's socket factory when a {@link NetworkPolicy} restricts the network: its
 * sockets resolve the server's name through the policy when they connect and connect to the address
 * the policy checked, whatever the driver resolved before. The driver names the factory by class
 * and passes one string ({@code socketFactoryArg}): the id under which {@link #register} keeps the
 * policy.
 */
public final class PolicySocketFactory extends SocketFactory {

    private static final Map<String, WeakReference<NetworkPolicy>> POLICIES = new ConcurrentHashMap<>();
    private static final Map<NetworkPolicy, String> IDS = new WeakHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private final NetworkPolicy policy;

    /** Called by the driver with the {@code socketFactoryArg} of the connection. */
    public PolicySocketFactory(String id) {
        WeakReference<NetworkPolicy> ref = POLICIES.get(id);
        NetworkPolicy p = ref == null ? null : ref.get();
        if (p == null) {
            throw new IllegalStateException("no network policy is registered as '" + id + "'");
        }
        this.policy = p;
    }

    /** The id the driver passes back for {@code policy}; the same policy always gets the same id. */
    static String register(NetworkPolicy policy) {
        synchronized (IDS) {
            String id = IDS.get(policy);
            if (id == null) {
                id = "policy-" + NEXT.incrementAndGet();
                IDS.put(policy, id);
                POLICIES.put(id, new WeakReference<>(policy));
            }
            return id;
        }
    }

    @Override
    public Socket createSocket() {
        return new PolicySocket(policy);
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

        PolicySocket(NetworkPolicy policy) {
            this.policy = policy;
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
        }
    }
}
