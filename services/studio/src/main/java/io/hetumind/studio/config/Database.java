package io.hetumind.studio.config;

import io.agroal.api.AgroalDataSource;
import io.hetumind.platform.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.transaction.TransactionManager;

/**
 * The studio's transactions: one JDBC pool for the API, the workers and the checkpointer. {@link Jdbc#tx} joins a
 * caller's {@code @Transactional} transaction, else commits its own (the rule in {@code libs/platform/README.md}).
 */
@ApplicationScoped
public class Database {
    @Produces
    @Singleton
    Jdbc jdbc(AgroalDataSource ds, TransactionManager transactions) {
        return new Jdbc(ds, transactions);
    }
}
