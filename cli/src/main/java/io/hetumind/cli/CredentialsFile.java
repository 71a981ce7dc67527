package io.hetumind.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.hetumind.core.model.CredentialRef;
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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    record Entry(String key, String name, String type, ObjectNode data) {}

    private final Path file;
    private final List<Entry> entries;

    private CredentialsFile(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = entries;
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
            root = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML.readTree(text) : Json.MAPPER.readTree(text);
        } catch (IOException e) {
            // Jackson's message quotes the text around the error, which may be a secret: say where only.
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException p && p.getLocation() != null
                    ? " (line " + p.getLocation().getLineNr() + ", column "
                            + p.getLocation().getColumnNr() + ")"
                    : "";
            throw new Invalid("credentials file " + file + " is not valid JSON or YAML" + where);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new CredentialsFile(file, List.of());
        }
        if (!root.isObject()) {
            throw new Invalid("credentials file " + file
                    + " must be an object mapping a credential's id or name to {\"type\": …, \"data\": {…}}");
        }
        List<Entry> entries = new ArrayList<>();
        Map<String, String> seenNames = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            JsonNode v = e.getValue();
            String where = "credentials file " + file + ": entry '" + key + "'";
            if (!v.isObject()) {
                throw new Invalid(where + " must be an object {\"type\": …, \"data\": {…}}");
            }
            JsonNode type = v.get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw new Invalid(where + " has no 'type' (the credential type, e.g. httpHeaderAuth)");
            }
            JsonNode data = v.get("data");
            if (data == null || !data.isObject()) {
                throw new Invalid(where + " has no 'data' object (the credential's fields)");
            }
            JsonNode name = v.get("name");
            if (name != null && !name.isTextual()) {
                throw new Invalid(where + ": 'name' must be a string");
            }
            for (Iterator<String> f = v.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!Set.of("type", "data", "name").contains(field)) {
                    throw new Invalid(where + " has an unknown field '" + field + "' (type, data, name)");
                }
            }
            String label = name == null ? key : name.asText();
            String clash = seenNames.put(type.asText() + "\0" + label, key);
            if (clash != null) {
                throw new Invalid("credentials file " + file + ": entries '" + clash + "' and '" + key
                        + "' are both a '" + type.asText() + "' credential named '" + label
                        + "'; a reference by name would be ambiguous");
            }
            entries.add(new Entry(key, label, type.asText(), (ObjectNode) data));
        }
        return new CredentialsFile(file, List.copyOf(entries));
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

    List<Entry> entries() {
        return entries;
    }

    /** The entry a node's reference means: by id (the key) first, then by name; always of {@code type}. */
    Optional<Entry> find(CredentialRef ref, String type) {
        if (ref.id() != null && !ref.id().isBlank()) {
            for (Entry e : entries) {
                if (e.type().equals(type) && e.key().equals(ref.id())) {
                    return Optional.of(e);
                }
            }
        }
        if (ref.name() != null && !ref.name().isBlank()) {
            for (Entry e : entries) {
                if (e.type().equals(type)
                        && (e.name().equals(ref.name()) || e.key().equals(ref.name()))) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    CredentialResolver asResolver() {
        return new CredentialResolver() {
            @Override
            public Optional<ObjectNode> resolve(CredentialRef ref, String type) {
                if (ref == null || type == null) {
                    return Optional.empty();
                }
                Entry e = find(ref, type)
                        .orElseThrow(() -> NodeException.user("the '" + type + "' credential " + describe(ref)
                                + " is not in the credentials file " + file + otherTypes(ref, type)));
                return Optional.of(e.data().deepCopy());
            }

            @Override
            public String toString() {
                return "credentials file " + file;
            }
        };
    }

    private String otherTypes(CredentialRef ref, String type) {
        List<String> others = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.type().equals(type)
                    && (e.key().equals(ref.id())
                            || e.key().equals(ref.name())
                            || e.name().equals(ref.name()))) {
                others.add(e.type());
            }
        }
        return others.isEmpty()
                ? " (add an entry keyed by its id or name with \"type\": \"" + type + "\")"
                : " (an entry of that id or name has type " + String.join(", ", others) + ", not " + type + ")";
    }

    static String describe(CredentialRef ref) {
        boolean hasName = ref.name() != null && !ref.name().isBlank();
        boolean hasId = ref.id() != null && !ref.id().isBlank();
        if (hasName && hasId) {
            return "'" + ref.name() + "' (id " + ref.id() + ")";
        }
        return "'" + (hasName ? ref.name() : hasId ? ref.id() : "?") + "'";
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
            throw NodeException.user("the node needs the '" + type + "' credential " + describe(ref)
                    + "; the CLI reads credentials from a file: pass --credentials FILE or set " + ENV);
        }

        @Override
        public String toString() {
            return "no credentials file";
        }
    }
}
