package io.hetumind.taskserver.repository;

import io.agroal.api.AgroalDataSource;
import io.hetumind.platform.db.Jdbc;
import jakarta.inject.Singleton;
import jakarta.transaction.TransactionManager;

/** The task-server's transactions on its datasource; repositories run their SQL through the {@link Jdbc} helpers. */
@Singleton
public class Db extends Jdbc {
    public Db(AgroalDataSource ds, TransactionManager transactions) {
        super(ds, transactions);
    }
}
