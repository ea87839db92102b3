package dev.flowdb;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on a file database in WAL mode. */
class FileFeatureStoreTest extends FeatureStoreContract {

    @RegisterExtension
    final FlowDbExtension backend = FlowDbExtension.file();

    @Override
    protected FlowDbExtension backend() {
        return backend;
    }
}
