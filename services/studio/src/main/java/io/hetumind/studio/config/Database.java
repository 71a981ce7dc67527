package io.hetumind.studio.config;

import io.agroal.api.AgroalDataSource;
import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The studio's transactions: one JDBC pool for the API, the workers and the checkpointer. */
@ApplicationScoped
public class Database {
    @Produces
    @Singleton
    Jdbc jdbc(AgroalDataSource ds) {
        return new Jdbc(ds);
    }
}
