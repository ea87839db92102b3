package dev.flowdb.it;

import dev.flowdb.Database;
import dev.flowdb.PostgresServer;
import org.junit.jupiter.api.Tag;

/** The model test of {@link StoreModelTest}, each seed on a new PostgreSQL database. */
@Tag("postgres")
class PostgresStoreModelTest extends StoreModelTest {

    @Override
    Database open() {
        return Database.open(PostgresServer.get().freshUrl());
    }
}
