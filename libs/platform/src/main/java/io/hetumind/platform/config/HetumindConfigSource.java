package io.hetumind.platform.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the {@code HETUMIND_DB_URL} convention (one libpq URL for every service) into the Quarkus datasource keys,
 * above application.properties and below explicit {@code QUARKUS_*} environment variables.
 */
public class HetumindConfigSource implements ConfigSource {
    /** The environment variable every service reads its database from. */
    public static final String DB_URL_ENV = "HETUMIND_DB_URL";

    private final Map<String, String> values;

    public HetumindConfigSource() {
        this(System.getProperty("hetumind.db.url", System.getenv(DB_URL_ENV)));
    }

    HetumindConfigSource(String dbUrl) {
        Map<String, String> map = new HashMap<>();
        if (dbUrl != null && !dbUrl.isBlank()) {
            PgUrl url = PgUrl.parse(DB_URL_ENV, dbUrl);
            map.put("quarkus.datasource.reactive.url", url.reactiveUrl());
            map.put("quarkus.datasource.jdbc.url", url.jdbcUrl());
            map.put("quarkus.datasource.username", url.user());
            if (url.password() != null) {
                map.put("quarkus.datasource.password", url.password());
            }
        }
        this.values = Map.copyOf(map);
    }

    @Override
    public Set<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return values.get(propertyName);
    }

    @Override
    public String getName() {
        return "HETUMIND_DB_URL";
    }

    @Override
    public int getOrdinal() {
        return 275;
    }
}
