package io.hetumind.nodes.protocols;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.NodeRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Runs an n8n export from the test resources as it is: nodes found by ServiceLoader under their n8n
 * type names, credentials looked up by type (the export's credential ids mean nothing here).
 */
public final class N8nExports {

    private N8nExports() {}

    public static ExecutionResult run(
            String resource, Map<String, String> placeholders, Map<String, ObjectNode> credentials) {
        String text;
        try (InputStream in = N8nExports.class.getResourceAsStream(resource)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            text = text.replace(p.getKey(), p.getValue());
        }
        CredentialResolver resolver =
                (ref, type) -> Optional.ofNullable(credentials.get(type)).map(ObjectNode::deepCopy);
        Engine engine = Engine.builder()
                .registry(NodeRegistry.load())
                .expressions(
                        ServiceLoader.load(ExpressionEngine.class).findFirst().orElse(null))
                .service(BinaryStore.class, ProtocolHarness.STORE)
                .credentials(resolver)
                .build();
        return engine.run(
                engine.prepare(WorkflowFormat.readJson(text)),
                RunRequest.defaults().sequential());
    }
}
