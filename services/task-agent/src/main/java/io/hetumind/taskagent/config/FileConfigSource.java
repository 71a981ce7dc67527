package io.hetumind.taskagent.config;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The agent's config file ({@code HETUMIND_AGENT_CONFIG}, properties format): above application.properties, below
 * environment variables, so {@code HETUMIND_AGENT_*} overrides the file.
 */
public class FileConfigSource implements ConfigSource {
    public static final String ENV = "HETUMIND_AGENT_CONFIG";
    private final Map<String, String> values;

    public FileConfigSource() {
        String file = System.getProperty("hetumind.agent.config", System.getenv(ENV));
        Map<String, String> map = new HashMap<>();
        if (file != null && !file.isBlank()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(Path.of(file))) {
                p.load(r);
            } catch (IOException e) {
                throw new UncheckedIOException(ENV + " names " + file + ", which cannot be read", e);
            }
            p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        }
        this.values = Map.copyOf(map);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String name) {
        return values.get(name);
    }

    @Override
    public String getName() {
        return "HETUMIND_AGENT_CONFIG";
    }

    @Override
    public int getOrdinal() {
        return 260;
    }
}
