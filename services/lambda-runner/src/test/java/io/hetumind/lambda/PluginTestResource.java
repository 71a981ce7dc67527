package io.hetumind.lambda;

import io.hetumind.sdk.NodeSdk;
import io.hetumind.sdk.plugin.PluginJars;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Builds the node plugins the runner's test app loads — compiled with javac and jarred before the app starts, as a
 * layer would bring them — and points {@code hetumind.lambda.plugins-dir} at them: {@code acme-stamp}, which stamps
 * every item, and {@code acme-future}, built for an SDK this runner does not have, which must be refused without
 * stopping the function.
 */
public final class PluginTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String STAMP_TYPE = "acme-stamp.stamp";
    public static final String FUTURE_TYPE = "acme-future.node";

    private static final String STAMP =
            """
            package acme.stamp;

            import io.hetumind.core.model.Item;
            import io.hetumind.core.spi.*;
            import java.util.ArrayList;
            import java.util.List;

            /** Writes its 'label' parameter and the item's position into every item. */
            public final class StampNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-stamp.stamp")
                            .displayName("Stamp")
                            .description("Stamps items")
                            .property(PropertySpec.string("label").required())
                            .build();
                }

                public NodeResult execute(NodeContext ctx) {
                    List<Item> out = new ArrayList<>();
                    for (int i = 0; i < ctx.items().size(); i++) {
                        Item item = ctx.items().get(i);
                        var json = item.json().deepCopy();
                        json.put("stamp", ctx.param("label", i, String.class, "") + "#" + i);
                        out.add(item.withJson(json));
                    }
                    return NodeResult.of(out);
                }
            }
            """;

    private static final String FUTURE =
            """
            package acme.future;

            import io.hetumind.core.spi.*;

            public final class FutureNode implements NodeType {
                public NodeDescriptor descriptor() {
                    return NodeDescriptor.builder("acme-future.node").displayName("Future").build();
                }

                public NodeResult execute(NodeContext ctx) {
                    return NodeResult.of(ctx.items());
                }
            }
            """;

    private Path dir;

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("lambda-plugins-");
            PluginJars.build(
                    dir,
                    "acme-stamp.jar",
                    Map.of("acme.stamp.StampNode", STAMP),
                    List.of("acme.stamp.StampNode"),
                    "name=acme-stamp\nversion=1.0.0\nsdk-version=" + NodeSdk.SDK_VERSION + "\n");
            PluginJars.build(
                    dir,
                    "acme-future.jar",
                    Map.of("acme.future.FutureNode", FUTURE),
                    List.of("acme.future.FutureNode"),
                    "name=acme-future\nversion=1.0.0\nsdk-version=99.0.0\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("hetumind.lambda.plugins-dir", dir.toString());
    }

    @Override
    public void stop() {}
}
