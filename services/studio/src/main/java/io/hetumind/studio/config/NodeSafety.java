package io.hetumind.studio.config;

import io.hetumind.core.spi.AddressClass;
import io.hetumind.core.spi.NetworkPolicy;
import io.hetumind.core.spi.NodePolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The network and node policies every execution of this studio runs under (the engine carries them as services), from
 * {@link NodeSafetyConfig}. A malformed range fails start-up naming the key.
 */
@ApplicationScoped
public class NodeSafety {
    private static final Logger LOG = Logger.getLogger(NodeSafety.class);

    @Produces
    @Singleton
    NetworkPolicy network(NodeSafetyConfig config) {
        NetworkPolicy.Builder b = NetworkPolicy.builder();
        if (config.allowPrivateNetworks()) {
            b.allow(AddressClass.PRIVATE);
        }
        if (config.allowLoopback()) {
            b.allow(AddressClass.LOOPBACK);
        }
        for (String range : config.allowedRanges().orElse(List.of())) {
            try {
                b.allowRangeSpec(range);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "hetumind.studio.nodes.allowed-ranges: '" + range + "' is not a CIDR range or CIDR@port ("
                                + e.getMessage() + ")",
                        e);
            }
        }
        NetworkPolicy policy = b.build();
        LOG.infof(
                "workflows may reach: public networks%s%s%s",
                config.allowPrivateNetworks() ? ", private networks" : "",
                config.allowLoopback() ? ", loopback" : "",
                config.allowedRanges().map(r -> ", " + String.join(", ", r)).orElse(""));
        return policy;
    }

    @Produces
    @Singleton
    NodePolicy nodes(NodeSafetyConfig config) {
        return NodePolicy.builder()
                .allow(NodePolicy.Capability.CODE, config.code())
                .allow(NodePolicy.Capability.EXECUTE_COMMAND, config.executeCommand())
                .allow(NodePolicy.Capability.LOCAL_FILES, config.localFiles())
                .build();
    }
}
