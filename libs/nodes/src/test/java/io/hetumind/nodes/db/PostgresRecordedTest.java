package io.hetumind.nodes.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hetumind.core.engine.Engine;
import io.hetumind.core.engine.ExecutionResult;
import io.hetumind.core.engine.RunDataView;
import io.hetumind.core.engine.RunRequest;
import io.hetumind.core.format.N8nImport;
import io.hetumind.core.model.Item;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeRegistry;
import io.hetumind.nodes.conformance.RunDiff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Replays {@code src/test/resources/n8n-recorded-db/Postgres/}: workflows recorded on n8n 2.8.4 against a real
 * PostgreSQL ({@code scripts/n8n-diff} with {@code N8N_DIFF_CREDENTIALS}), each with a {@code .sql} file that made
 * its tables. Here the schema the recording used ({@code n8ndiff_*}) is renamed to a fresh one, the same SQL makes
 * the tables, every {@code postgres} credential is the test database, and the run must equal n8n's node by node.
 */
class PostgresRecordedTest {

    @Test
    void replaysEveryRecordedPostgresWorkflow() throws Exception {
        Path root = Path.of("src/test/resources/n8n-recorded-db/Postgres");
        List<Path> workflows;
        try (Stream<Path> s = Files.list(root)) {
            workflows = s.filter(
                            p -> p.toString().endsWith(".json") && !p.toString().endsWith(".n8n.json"))
                    .sorted()
                    .toList();
        }
        assertThat(workflows).isNotEmpty();
        NodeRegistry registry = NodeRegistry.load();
        ObjectNode cred = TestPostgres.credential();
        CredentialResolver credentials =
                (ref, type) -> "postgres".equals(type) ? Optional.of(cred.deepCopy()) : Optional.empty();
        List<String> differences = new ArrayList<>();
        PgPools pools = new PgPools();
        for (Path wf : workflows) {
            String base = wf.getFileName().toString().replaceFirst("\\.json$", "");
            String sql = Files.readString(wf.resolveSibling(base + ".sql"));
            String recorded = sql.lines()
                    .map(l -> l.replaceAll(".*CREATE SCHEMA (n8ndiff_\\w+);.*", "$1"))
                    .filter(l -> l.startsWith("n8ndiff_"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(base + ".sql creates no n8ndiff_ schema"));
            String fresh = TestPostgres.freshSchema("pgrec");
            try {
                TestPostgres.exec(sql.replace(recorded, fresh));
                ObjectNode tree = (ObjectNode) Json.parse(Files.readString(wf).replace(recorded, fresh));
                Engine engine = Engine.builder()
                        .registry(registry)
                        .credentials(credentials)
                        .service(PgPools.class, pools)
                        .build();
                var prepared = engine.prepare(
                        N8nImport.convert(Json.write(tree), registry).workflow());
                ExecutionResult r =
                        engine.run(prepared, RunRequest.defaults().sequential().withInput(List.of(Item.empty())));
                JsonNode expected = Json.parse(Files.readString(wf.resolveSibling(base + ".n8n.json")));
                for (RunDiff.Difference d : RunDiff.diff(expected, RunDataView.toJson(r.state()))) {
                    differences.add(base + ": " + d);
                }
            } finally {
                TestPostgres.exec("DROP SCHEMA IF EXISTS " + fresh + " CASCADE");
            }
        }
        pools.close();
        assertThat(differences).as("differences from n8n 2.8.4").isEmpty();
    }
}
