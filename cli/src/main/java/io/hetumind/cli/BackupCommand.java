package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * {@code hetumind backup -o FILE}: the studio's archive of your tenant (workflows with every version, templates,
 * credentials still sealed, tags). The file holds sealed credentials: it is written readable by its owner only.
 */
final class BackupCommand implements Command {

    private static final CommandSpec SPEC = new CommandSpec(
                    "backup", "Save your tenant's workflows, templates and credentials to an archive.")
            .requiredOption("FILE", "Archive to write", "-o", "--output")
            .flag("Overwrite an existing file", "--force");

    @Override
    public CommandSpec spec() {
        return SPEC;
    }

    @Override
    public int call(Invocation in) throws Exception {
        Path file = in.path("--output");
        if (Files.exists(file) && !in.flag("--force")) {
            in.err().println("hetumind: " + file + " exists (use --force to overwrite)");
            return RunSupport.FAILED;
        }
        StudioApi api = new StudioApi(StudioSession.current());
        JsonNode archive = api.send("GET", "/backup", null, null, Duration.ofMinutes(5));
        Path tmp = file.resolveSibling(file.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        Files.createFile(
                tmp,
                java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, StudioSession.JSON.writeValueAsString(archive), StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(
                tmp,
                file,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        JsonNode c = archive.path("content");
        in.out()
                .printf(
                        "wrote %s: %d workflows, %d templates, %d credentials (format %d)%n",
                        file,
                        c.path("workflows").size(),
                        c.path("templates").size(),
                        c.path("credentials").size(),
                        archive.path("hetumindBackup").asInt());
        return RunSupport.OK;
    }
}
