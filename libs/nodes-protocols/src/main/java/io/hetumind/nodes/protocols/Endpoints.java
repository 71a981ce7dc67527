package io.hetumind.nodes.protocols;

import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NetworkRefusedException;
import io.hetumind.core.spi.NodeException;
import io.hetumind.core.spi.NodeResources;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Resolves a server named by a credential through the host's {@link NetworkPolicy} (allow-all when
 * none) so that the node connects to the very address the policy checked, never resolving the name
 * again.
 */
public final class Endpoints {

    private Endpoints() {}

    /** The checked address of {@code host:port}; refusals read "{@code actor} refused to connect to …". */
    public static InetAddress resolve(NodeResources ctx, String actor, String host, int port) {
        return resolve(ctx.service(NetworkPolicy.class).orElseGet(NetworkPolicy::allowAll), actor, host, port);
    }

    /** The same for a listening trigger, which holds the host's policy instead of a node context. */
    public static InetAddress resolve(NetworkPolicy policy, String actor, String host, int port) {
        try {
            return policy.resolve(host, port).getFirst();
        } catch (NetworkRefusedException e) {
            throw e.by(actor, -1);
        } catch (UnknownHostException e) {
            throw NodeException.operational("The host '" + host + "' could not be resolved", null);
        }
    }

    /** The address as a literal for URLs ({@code [v6]} or dotted v4). */
    public static String literal(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    /** A port read from a credential, checked. */
    public static int port(String credentialType, int port) {
        if (port < 1 || port > 65535) {
            throw NodeException.user("credential '" + credentialType + "': port " + port + " is out of range");
        }
        return port;
    }

    /** A host read from a credential, checked. */
    public static String host(String credentialType, String host) {
        String h = host == null ? "" : host.strip();
        if (h.isEmpty()) {
            throw NodeException.user("credential '" + credentialType + "': 'host' is empty");
        }
        return h;
    }
}
