package io.hetumind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hetumind.core.spi.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the outside, as a user would: {@code hetumind run --checkpoint-dir} of a parallel run (a
 * wait on one branch, a 200-round loop on the other) is killed with SIGKILL at moments spread
 * over the run, and {@code hetumind resume} must always finish with the outputs an uncrashed run
 * gives.
 */
class KillAnyMomentTest {

    private static final String WORKFLOW =
            """
            {"name": "kill me", "nodes": [
              {"name": "Start", "type": "n8n-nodes-base.manualTrigger", "typeVersion": 1, "parameters": {}},
              {"name": "Items", "type": "n8n-nodes-base.code", "typeVersion": 2,
               "parameters": {"jsCode": "return Array.from({length: 200}, (_, i) => ({json: {i}}));"}},
              {"name": "Loop", "type": "n8n-nodes-base.splitInBatches", "typeVersion": 3, "parameters": {"batchSize": 1, "options": {}}},
              {"name": "Edit", "type": "n8n-nodes-base.set", "typeVersion": 3.4,
               "parameters": {"assignments": {"assignments": [{"id": "a", "name": "twice", "value": "={{ $json.i * 2 }}", "type": "number"}]},
                              "includeOtherFields": true, "options": {}}},
              {"name": "Pause", "type": "n8n-nodes-base.wait", "typeVersion": 1.1, "parameters": {"amount": 1.5, "unit": "seconds"}},
              {"name": "Both", "type": "n8n-nodes-base.merge", "typeVersion": 3, "parameters": {}}
            ],
            "connections": {
              "Start": {"main": [[{"node": "Items", "type": "main", "index": 0}, {"node": "Pause", "type": "main", "index": 0}]]},
              "Items": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
              "Loop": {"main": [[{"node": "Both", "type": "main", "index": 0}], [{"node": "Edit", "type": "main", "index": 0}]]},
              "Edit": {"main": [[{"node": "Loop", "type": "main", "index": 0}]]},
              "Pause": {"main": [[{"node": "Both", "type": "main", "index": 1}]]}
            }}
            """;

    @Test
    void aRunKilledAtAnyMomentResumesToTheUncrashedResult(@TempDir Path dir) throws Exception {
        Path wf = dir.resolve("kill-me.json");
        Files.writeString(wf, WORKFLOW);
        Map<String, String> expected = outputs(runToEnd(dir, wf, "whole", "run", wf.toString(), "--json"));

        long[] killAfterMs = {0, 120, 350, 700, 1100, 1600};
        for (int k = 0; k < killAfterMs.length; k++) {
            String id = "kill-" + k;
            Path checkpoints = dir.resolve("cp-" + k);
            Process run = CrashResumeTest.cli(
                            dir,
                            "run",
                            wf.toString(),
                            "--quiet",
                            "--checkpoint-dir",
                            checkpoints.toString(),
                            "--execution-id",
                            id)
                    .redirectOutput(dir.resolve(id + ".run.txt").toFile())
                    .start();
            Path journal = checkpoints.resolve(id + ".log");
            long until = System.currentTimeMillis() + 60_000;
            // Killed from the first committed event on: before it, there is no execution to resume (the file may
            // already exist, empty, while the first commit is being written).
            while (!committed(journal) && run.isAlive() && System.currentTimeMillis() < until) {
                Thread.sleep(5);
            }
            Thread.sleep(killAfterMs[k]);
            run.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
            assertThat(run.waitFor(10, TimeUnit.SECONDS)).isTrue();

            JsonNode resumed = runToEnd(
                    dir, wf, id + ".resume", "resume", id, "--checkpoint-dir", checkpoints.toString(), "--json");
            assertThat(resumed.path("status").asText())
                    .as("killed %d ms into the run", killAfterMs[k])
                    .isEqualTo("success");
            assertThat(outputs(resumed))
                    .as("killed %d ms into the run", killAfterMs[k])
                    .isEqualTo(expected);
        }
    }

    private static boolean committed(Path journal) throws java.io.IOException {
        if (!Files.exists(journal)) {
            return false;
        }
        byte[] bytes = Files.readAllBytes(journal);
        return bytes.length > 0 && bytes[bytes.length - 1] == '\n';
    }

    private static JsonNode runToEnd(Path dir, Path wf, String name, String... args) throws Exception {
        Path out = dir.resolve(name + ".json");
        Process p = CrashResumeTest.cli(dir, args).redirectOutput(out.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("%s exit code; stderr: %s", name, Files.readString(dir.resolve("stderr.txt")))
                .isZero();
        return Json.parse(Files.readString(out));
    }

    /** Per node, the items of every run (times left out). */
    private static Map<String, String> outputs(JsonNode run) {
        Map<String, String> out = new TreeMap<>();
        run.path("runData").properties().forEach(e -> {
            StringBuilder runs = new StringBuilder();
            e.getValue().forEach(r -> runs.append(r.path("data").path("main")).append('\n'));
            out.put(e.getKey(), runs.toString());
        });
        return out;
    }
}
