package dev.flowdb;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The contract on a file database in WAL mode. */
class FileFeatureStoreTest extends FeatureStoreContract {

    @TempDir
    Path dir;

    @Override
    protected Database.Builder builder() {
        return Database.builder(dir.resolve(".autoforge/features.db"));
    }
}
