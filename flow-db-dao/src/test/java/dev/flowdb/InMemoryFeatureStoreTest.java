package dev.flowdb;

/** The contract on an in-memory database. */
class InMemoryFeatureStoreTest extends FeatureStoreContract {

    @Override
    protected Database.Builder builder() {
        return Database.inMemoryBuilder();
    }
}
