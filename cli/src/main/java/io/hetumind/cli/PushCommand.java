package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code hetumind push FILE}: uploads a workflow (Hetumind or n8n, JSON or YAML) as a new workflow, or with
 * {@code --id} as the next version of an existing one (from the version the studio holds now unless
 * {@code --if-version} names the one the file was edited from).
 */
final class PushCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "push", "Upload a workflow file to the studio (new workflow, or --id for a new version).")
            .parameter("FILE", "workflow file (.json, .yaml; Hetumind or n8n export)")
            .option("ID", "save as the next version of this workflow", "--id")
            .option("VERSION", "with --id: refuse (409) unless the studio is still at this version", "--if-version")
            .flag("activate the workflow after saving it", "--activate");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        Path file = in.parameterPath("FILE");
        String id = in.string("--id");
        Integer ifVersion = in.integer("--if-version");
        boolean activate = in.flag("--activate");
        PrintWriter out = in.out();
        String text = Files.readString(file);
        String type = file.toString().matches("(?i).*\\.ya?ml$") ? "application/yaml" : "application/json";
        StudioApi api = new StudioApi(StudioSession.current());
        JsonNode saved;
        if (id == null) {
            saved = api.send("POST", "/workflows", text, type, Duration.ofSeconds(60));
        } else {
            int from = ifVersion != null
                    ? ifVersion
                    : api.get("/workflows/" + id).path("version").asInt();
            saved = api.send("PUT", "/workflows/" + id + "?version=" + from, text, type, Duration.ofSeconds(60));
        }
        out.printf(
                "%s %s version %d (%s)%n",
                id == null ? "created" : "saved",
                saved.path("id").asText(),
                saved.path("version").asInt(),
                saved.path("name").asText());
        for (JsonNode p : saved.path("problems")) {
            out.printf(
                    "  %s %s: %s%n",
                    p.path("severity").asText(),
                    p.path("path").asText(),
                    p.path("message").asText());
        }
        if (activate) {
            api.send(
                    "POST",
                    "/workflows/" + saved.path("id").asText() + "/activate",
                    null,
                    null,
                    Duration.ofSeconds(30));
            out.println("activated");
        }
        return RunSupport.OK;
    }
}
