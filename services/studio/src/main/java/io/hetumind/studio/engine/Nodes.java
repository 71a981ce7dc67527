package io.hetumind.studio.engine;

import io.hetumind.core.spi.NodeRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The node types this studio runs: every type on the class path (ServiceLoader), loaded once. */
@ApplicationScoped
public class Nodes {
    @Produces
    @Singleton
    NodeRegistry registry() {
        return NodeRegistry.load();
    }
}
