package dev.flowdb;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on an in-memory database. */
class InMemoryFeatureStoreTest extends FeatureStoreContract {

    @RegisterExtension
    final FlowDbExtension backend = FlowDbExtension.inMemory();

    @Override
    protected FlowDbExtension backend() {
        return backend;
    }
}
