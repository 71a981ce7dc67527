package io.hetumind.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code hetumind new NAME}: writes a starter workflow (Manual Trigger → Edit Fields). */
@Command(name = "new", mixinStandardHelpOptions = true, description = "Write a starter workflow file.")
final class NewCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "Workflow name; the file is NAME.json (or --output)")
    String name;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "File to write")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing file")
    boolean force;

    @Override
    public Integer call() throws Exception {
        Path file = output != null ? output : Path.of(name.replaceAll("[^A-Za-z0-9._-]+", "-") + ".json");
        if (Files.exists(file) && !force) {
            spec.commandLine().getErr().println("hetumind: " + file + " exists (use --force to overwrite)");
            return RunSupport.FAILED;
        }
        String json =
                """
                {
                  "name": %s,
                  "nodes": [
                    { "id": "trigger", "name": "Manual Trigger", "type": "hetumind.manualTrigger", "typeVersion": 1,
                      "position": [0, 0], "parameters": {} },
                    { "id": "set", "name": "Edit Fields", "type": "hetumind.set", "typeVersion": 3.4,
                      "position": [220, 0],
                      "parameters": {
                        "mode": "manual",
                        "assignments": { "assignments": [
                          { "id": "a1", "name": "greeting", "value": "=Hello from {{ $workflow.name }}", "type": "string" } ] },
                        "options": {} } }
                  ],
                  "connections": {
                    "Manual Trigger": { "main": [[ { "node": "Edit Fields", "type": "main", "index": 0 } ]] }
                  },
                  "settings": { "executionOrder": "v1", "timezone": "UTC" }
                }
                """
                        .formatted(io.hetumind.core.spi.Json.write(io.hetumind.core.spi.Json.F.textNode(name)));
        Files.writeString(file, json);
        spec.commandLine().getOut().println("wrote " + file + " — run it with: ./hetumind run " + file);
        return RunSupport.OK;
    }
}
