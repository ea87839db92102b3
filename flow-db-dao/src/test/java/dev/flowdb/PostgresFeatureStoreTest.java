package dev.flowdb;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Tag;

/** The contract on PostgreSQL: a database of its own per test on a throw-away local server. */
@Tag("postgres")
class PostgresFeatureStoreTest extends FeatureStoreContract {

    @RegisterExtension
    final FlowDbExtension backend = FlowDbExtension.postgres();

    @Override
    protected FlowDbExtension backend() {
        return backend;
    }
}
