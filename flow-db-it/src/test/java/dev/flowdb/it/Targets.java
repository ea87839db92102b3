package dev.flowdb.it;

import dev.flowdb.Database;
import java.nio.file.Path;

/** Opens what a test or worker names: a {@code jdbc:postgresql:} URL, or else a file path. */
final class Targets {

    private Targets() {
    }

    static Database.Builder builder(String target) {
        return target.startsWith("jdbc:") ? Database.builder(target) : Database.builder(Path.of(target));
    }

    static Database open(String target) {
        return builder(target).open();
    }
}
