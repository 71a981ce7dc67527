package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hetumind.core.model.CredentialRef;
import io.hetumind.core.spi.CredentialDocument;
import io.hetumind.core.spi.CredentialResolver;
import io.hetumind.core.spi.Json;
import io.hetumind.core.spi.NodeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's credentials: a JSON or YAML file mapping a credential's id or name to {@code {type, data}} (optionally
 * {@code name}), resolved the way the studio resolves a node's {@link CredentialRef}: by id first, then by name, always
 * within the type the node asks for. The file must be readable by its owner only (like ssh's keys); errors name the
 * entry, never its data.
 */
final class CredentialsFile {

    /** Where the file is named when {@code --credentials} is not given. */
    static final String ENV = "HETUMIND_CREDENTIALS_FILE";

    private static final ObjectMapper YAML = new YAMLMapper();

    private final Path file;
    private final CredentialDocument document;

    private CredentialsFile(Path file, CredentialDocument document) {
        this.file = file;
        this.document = document;
    }

    /** The resolver of a run: from {@code option}, else {@code $HETUMIND_CREDENTIALS_FILE}, else one that explains. */
    static CredentialResolver resolver(Path option) {
        Path file = option;
        if (file == null) {
            String env = System.getenv(ENV);
            if (env != null && !env.isBlank()) {
                file = Path.of(env.trim());
            }
        }
        if (file == null) {
            return new Missing();
        }
        return load(file).asResolver();
    }

    /** Reads and checks {@code file}; a bad file is an {@link Invalid} naming what is wrong. */
    static CredentialsFile load(Path file) {
        checkPrivate(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new Invalid("credentials file " + file + " does not exist");
        } catch (IOException e) {
            throw new Invalid("cannot read credentials file " + file + ": " + e.getMessage());
        }
        JsonNode root;
        try {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            root = name.endsWith(".yaml") || name.endsWith(".yml")
                    ? YAML.readTree(text)
                    : Json.reader().readTree(text);
        } catch (IOException e) {
            // Jackson's message quotes the text around the error, which may be a secret: say where only.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? " (line " + p.getLocation().getLineNr() + ", column "
                            + p.getLocation().getColumnNr() + ")"
                    : "";
            throw new Invalid("credentials file " + file + " is not valid JSON or YAML" + where);
        }
        try {
            return new CredentialsFile(file, CredentialDocument.parse(root, "credentials file " + file));
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }

    /** Refuses a file others may read: it holds secrets in clear. Skipped where POSIX permissions do not exist. */
    private static void checkPrivate(Path file) {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null || !Files.exists(file)) {
            return;
        }
        Set<PosixFilePermission> perms;
        try {
            perms = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new Invalid("cannot read the permissions of credentials file " + file + ": " + e.getMessage());
        }
        Set<PosixFilePermission> open = Set.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE);
        if (perms.stream().anyMatch(open::contains)) {
            throw new Invalid("credentials file " + file + " is accessible by others (permissions "
                    + PosixFilePermissions.toString(perms) + "); it holds secrets: run 'chmod 600 " + file
                    + "' and try again");
        }
    }

    List<CredentialDocument.Entry> entries() {
        return document.entries();
    }

    CredentialResolver asResolver() {
        return document.asResolver();
    }

    /** A credentials file that cannot be used; the message names the file and entry, never a secret. */
    static final class Invalid extends RuntimeException {
        Invalid(String message) {
            super(message);
        }
    }

    /** No file given: a node that needs a credential is told how to give one. */
    private static final class Missing implements CredentialResolver {
        @Override
        public Optional<ObjectNode> resolve(CredentialRef ref, String type) {
            if (ref == null || type == null) {
                return Optional.empty();
            }
            throw NodeException.user("the node needs the '" + type + "' credential " + CredentialDocument.describe(ref)
                    + "; the CLI reads credentials from a file: pass --credentials FILE or set " + ENV);
        }

        @Override
        public String toString() {
            return "no credentials file";
        }
    }
}
