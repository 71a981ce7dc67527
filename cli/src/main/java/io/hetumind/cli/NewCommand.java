package io.hetumind.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code hetumind new NAME}: writes a starter workflow (Manual Trigger → Edit Fields). */
final class NewCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec("new", "Write a starter workflow file.")
            .parameter("NAME", "Workflow name; the file is NAME.json (or --output)")
            .option("FILE", "File to write", "-o", "--output")
            .flag("Overwrite an existing file", "--force");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        String name = in.parameter("NAME");
        Path output = in.path("--output");
        boolean force = in.flag("--force");
        Path file = output != null ? output : Path.of(name.replaceAll("[^A-Za-z0-9._-]+", "-") + ".json");
        if (Files.exists(file) && !force) {
            in.err().println("hetumind: " + file + " exists (use --force to overwrite)");
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
        in.out().println("wrote " + file + " — run it with: ./hetumind run " + file);
        return RunSupport.OK;
    }
}
