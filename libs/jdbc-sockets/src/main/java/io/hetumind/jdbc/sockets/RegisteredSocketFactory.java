package io.hetumind.jdbc.sockets;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.SocketFactory;

/**
 * A socket factory that a JDBC driver instantiates by class name with one string, the id of a factory {@link
 * #register registered} here, and whose sockets are that factory's (pgjdbc: {@code socketFactory} names this class,
 * {@code socketFactoryArg} the id).
 *
 * <p>A driver loads the class it is given through its own class loader ({@code Class.forName(name, false,
 * driverLoader)}). Quarkus declares pgjdbc parent-first: in {@code @QuarkusTest} and dev mode the system class loader
 * loads it, and finds a second copy of any application class on the test class path, with statics of its own (or,
 * on a class path without it, none). So this class holds
 * only JDK types ({@link SocketFactory} by id) and ships in a jar of its own, {@code hetumind-jdbc-sockets}, that such
 * a host loads parent-first too: the application and the driver then see one class and one registry. {@link
 * #visibleTo} tells a caller whether a driver's loader sees this very class.
 */
public final class RegisteredSocketFactory extends SocketFactory {

    private static final Map<String, SocketFactory> FACTORIES = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT = new AtomicLong();

    private final SocketFactory delegate;

    /**
     * Called by the driver with the id of a registered factory.
     *
     * @throws IllegalStateException when nothing is registered under {@code id} (never registered, or closed)
     */
    public RegisteredSocketFactory(String id) {
        SocketFactory f = id == null ? null : FACTORIES.get(id);
        if (f == null) {
            throw new IllegalStateException("no socket factory is registered as '" + id + "'");
        }
        this.delegate = f;
    }

    /** Registers {@code factory} under a new id until the registration is closed. */
    public static Registration register(SocketFactory factory) {
        if (factory == null) {
            throw new IllegalArgumentException("factory is null");
        }
        String id = "sockets-" + NEXT.incrementAndGet();
        FACTORIES.put(id, factory);
        return new Registration(id, factory);
    }

    /**
     * Whether {@code loader} (a driver's class loader) resolves this class's name to this very class, so that the
     * driver's instances read the registry that {@link #register} writes. False when it cannot load the class at all or
     * loads a copy of its own.
     */
    public static boolean visibleTo(ClassLoader loader) {
        try {
            return Class.forName(RegisteredSocketFactory.class.getName(), false, loader)
                    == RegisteredSocketFactory.class;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** How many factories are registered now. */
    public static int registered() {
        return FACTORIES.size();
    }

    @Override
    public Socket createSocket() throws IOException {
        return delegate.createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return delegate.createSocket(address, port, localAddress, localPort);
    }

    /** A factory's place in the registry; closing it removes the factory (drivers then refuse the id). */
    public static final class Registration implements AutoCloseable {
        private final String id;
        private final SocketFactory factory;

        private Registration(String id, SocketFactory factory) {
            this.id = id;
            this.factory = factory;
        }

        /** The string to give the driver ({@code socketFactoryArg}). */
        public String id() {
            return id;
        }

        @Override
        public void close() {
            FACTORIES.remove(id, factory);
        }
    }
}
