package dev.flowdb.it;

import dev.flowdb.Database;
import java.nio.file.Path;

/** A child JVM that opens (and so migrates) one database file, then says so and exits. */
public final class OpenWorker {

    private OpenWorker() {
    }

    public static void main(String[] args) {
        try (Database db = Database.open(Path.of(args[0]))) {
            System.out.println("opened " + db.features().stats().total());
        }
    }
}
