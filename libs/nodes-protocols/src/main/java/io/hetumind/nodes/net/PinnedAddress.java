package io.hetumind.nodes.net;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import javax.net.SocketFactory;

/**
 * A remote end resolved once through the host's {@link NetworkPolicy}: clients connect to
 * {@link #address()} (the checked address), never resolving {@link #host()} again, and keep the
 * name for TLS (SNI, certificate check) and messages.
 */
public record PinnedAddress(String host, int port, InetAddress address) {

    /** Resolves and checks {@code host}; {@code actor} names the node in a refusal ("FTP refused to connect …"). */
    public static PinnedAddress resolve(NodeResources ctx, String actor, String host, int port, int itemIndex) {
        if (port < 1 || port > 65535) {
            throw NodeException.user(actor + ": port " + port + " is out of range", itemIndex);
        }
        NetworkPolicy policy = ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll);
        try {
            return new PinnedAddress(host, port, policy.resolve(host, port).getFirst());
        } catch (NetworkRefusedException e) {
            throw e.by(actor, itemIndex);
        } catch (java.net.UnknownHostException e) {
            throw new NodeException(
                    io.hetumind.core.spi.ErrorKind.OPERATIONAL,
                    "The host '" + host + "' could not be resolved"
                            + (itemIndex >= 0 ? " [item " + itemIndex + "]" : ""),
                    itemIndex,
                    null,
                    null);
        }
    }

    /** host:port as the user wrote it. */
    public String where() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address, port);
    }

    /**
     * A socket factory whose unconnected sockets connect to the checked address whatever address a
     * client library asks for (libraries that resolve the name themselves, such as Jakarta Mail).
     */
    public SocketFactory socketFactory() {
        InetSocketAddress target = socketAddress();
        return new SocketFactory() {
            @Override
            public Socket createSocket() {
                return new Socket() {
                    @Override
                    public void connect(SocketAddress endpoint, int timeout) throws IOException {
                        super.connect(target, timeout);
                    }
                };
            }

            @Override
            public Socket createSocket(String h, int p) throws IOException {
                Socket s = createSocket();
                s.connect(target);
                return s;
            }

            @Override
            public Socket createSocket(String h, int p, InetAddress localHost, int localPort) throws IOException {
                return createSocket(h, p);
            }

            @Override
            public Socket createSocket(InetAddress h, int p) throws IOException {
                return createSocket("", p);
            }

            @Override
            public Socket createSocket(InetAddress h, int p, InetAddress localAddress, int localPort)
                    throws IOException {
                return createSocket("", p);
            }
        };
    }
}
