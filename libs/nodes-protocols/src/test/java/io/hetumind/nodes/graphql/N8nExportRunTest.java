package io.hetumind.nodes.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.ExecutionStatus;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.expr.ExpressionEngine;
import io.hetumind.core.format.WorkflowFormat;
import io.hetumind.core.model.BinaryRef;
import io.hetumind.core.model.Item;
import io.hetumind.core.model.Workflow;
import io.hetumind.core.spi.BinaryStore;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.protocols.ProtocolHarness;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** An n8n export using the protocol nodes by their n8n type names runs as it is, nodes found by ServiceLoader. */
class N8nExportRunTest {

    @Test
    void graphqlResultZippedAndUnzippedThroughN8nTypeNames() throws Exception {
        try (GraphQlServer server = new GraphQlServer();
                InputStream in = getClass().getResourceAsStream("/n8n/graphql-to-zip.json")) {
            String text =
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("ENDPOINT", server.url("/graphql"));
            Workflow wf = WorkflowFormat.readJson(text);
            Engine engine = Engine.builder()
                    .registry(NodeRegistry.load())
                    .expressions(ServiceLoader.load(ExpressionEngine.class)
                            .findFirst()
                            .orElse(null))
                    .service(BinaryStore.class, ProtocolHarness.STORE)
                    .build();
            ExecutionResult r =
                    engine.run(engine.prepare(wf), RunRequest.defaults().sequential());
            assertThat(r.status()).as("error %s", r.state().error()).isEqualTo(ExecutionStatus.SUCCESS);

            Item zipped = r.output("Compress", 0).getFirst();
            assertThat(zipped.binary().get("archive").fileName()).isEqualTo("books.zip");
            Item unzipped = r.output("Decompress", 0).getFirst();
            BinaryRef file = unzipped.binary().get("file_0");
            assertThat(file.fileName()).isEqualTo("2-books.json");
            assertThat(Json.parse(new String(ProtocolHarness.bytes(file), StandardCharsets.UTF_8)))
                    .isEqualTo(
                            Json.parse(
                                    "[{\"data\":{\"books\":[{\"title\":\"Dune\",\"year\":1965},{\"title\":\"Solaris\",\"year\":1961}]}}]"));
        }
    }
}
