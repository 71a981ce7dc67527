package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code hetumind restore FILE}: restores an archive of {@code hetumind backup} into your (empty) tenant. The studio
 * checks it first — format, checksum, tenant, master keys — and changes nothing when it refuses.
 */
final class RestoreCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "restore", "Restore a backup archive into your empty tenant.")
            .parameter("FILE", "Archive written by 'hetumind backup'");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        Path file = in.parameterPath("FILE");
        if (!Files.isRegularFile(file)) {
            in.err().println("hetumind: " + file + ": no such file");
            return RunSupport.FAILED;
        }
        String text = Files.readString(file);
        StudioApi api = new StudioApi(StudioSession.current());
        JsonNode r = api.send("POST", "/restore", text, "application/json", Duration.ofMinutes(5));
        in.out()
                .printf(
                        "restored %d workflows (%d versions), %d templates, %d credentials%n",
                        r.path("workflows").asInt(),
                        r.path("versions").asInt(),
                        r.path("templates").asInt(),
                        r.path("credentials").asInt());
        for (JsonNode n : r.path("notActivated")) {
            in.out().println("  not activated: " + n.asText());
        }
        return RunSupport.OK;
    }
}
