package io.hetumind.core.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A registry built from an index creates only the node types asked for, and a wrong index never gives a wrong answer. */
class LazyNodeRegistryTest {

    static final AtomicInteger ALPHAS = new AtomicInteger();
    static final AtomicInteger BETAS = new AtomicInteger();

    /** A node type that counts how often it is created. */
    public static final class Alpha implements NodeType {
        public Alpha() {
            ALPHAS.incrementAndGet();
        }

        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.alpha")
                    .displayName("Alpha")
                    .alias("x.alpha")
                    .build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(ctx.items());
        }
    }

    /** Another counted node type. */
    public static final class Beta implements NodeType {
        public Beta() {
            BETAS.incrementAndGet();
        }

        @Override
        public NodeDescriptor descriptor() {
            return NodeDescriptor.builder("test.beta").displayName("Beta").build();
        }

        @Override
        public NodeResult execute(NodeContext ctx) {
            return NodeResult.of(ctx.items());
        }
    }

    private ClassLoader loader;

    @BeforeEach
    void providers(@TempDir Path dir) throws Exception {
        Path services = Files.createDirectories(dir.resolve("META-INF/services"));
        Files.writeString(
                services.resolve(NodeType.class.getName()), Alpha.class.getName() + "\n" + Beta.class.getName() + "\n");
        loader = new URLClassLoader(
                new java.net.URL[] {dir.toUri().toURL()}, getClass().getClassLoader());
        ALPHAS.set(0);
        BETAS.set(0);
    }

    private NodeIndex index() {
        NodeIndex index = NodeIndex.of(NodeRegistry.load(loader));
        ALPHAS.set(0);
        BETAS.set(0);
        return index;
    }

    @Test
    void theIndexRoundTripsAndListsEveryProvider() {
        NodeIndex index = index();
        assertThat(NodeIndex.parse(index.write())).isEqualTo(index);
        assertThat(index.entries())
                .containsExactly(
                        new NodeIndex.Entry("test.alpha", List.of("x.alpha"), Alpha.class.getName()),
                        new NodeIndex.Entry("test.beta", List.of(), Beta.class.getName()));
        assertThatThrownBy(() -> NodeIndex.parse("only-a-type\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyTheTypeAskedForIsCreated() {
        NodeRegistry registry = NodeRegistry.lazy(loader, index());
        assertThat(registry.find("x.alpha")).get().isInstanceOf(Alpha.class);
        assertThat(registry.find("test.alpha")).get().isInstanceOf(Alpha.class);
        assertThat(ALPHAS.get()).isEqualTo(1);
        assertThat(BETAS.get()).isZero();
        assertThat(registry.all()).hasSize(2); // the whole catalog loads everything
    }

    @Test
    void anUnknownTypeLoadsEverythingAndIsStillUnknown() {
        NodeRegistry registry = NodeRegistry.lazy(loader, index());
        assertThat(registry.find("acme.nothing")).isEmpty();
        assertThat(BETAS.get()).isEqualTo(1);
        assertThat(registry.find("test.beta")).get().isInstanceOf(Beta.class);
        assertThat(BETAS.get()).isEqualTo(1);
    }

    @Test
    void aStaleIndexFallsBackToTheFullLoad() {
        // the index says test.beta lives in Alpha (a class renamed or a type id changed since it was written)
        NodeIndex stale = new NodeIndex(List.of(new NodeIndex.Entry("test.beta", List.of(), Alpha.class.getName())));
        NodeRegistry registry = NodeRegistry.lazy(loader, stale);
        assertThat(registry.find("test.beta")).get().isInstanceOf(Beta.class);
        assertThat(registry.find("x.alpha")).get().isInstanceOf(Alpha.class);
        // a class the service file does not list is never created, even if the index names it
        NodeIndex foreign =
                new NodeIndex(List.of(new NodeIndex.Entry("test.alpha", List.of(), String.class.getName())));
        assertThat(NodeRegistry.lazy(loader, foreign).find("test.alpha")).get().isInstanceOf(Alpha.class);
    }
}
