package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.PostgresServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;

/**
 * The kill -9 rounds of {@link CrashSafetyTest} against PostgreSQL: a client killed mid-claim or
 * mid-bulk leaves its transaction to the server, which rolls it back whole.
 */
@Tag("postgres")
class PostgresCrashSafetyTest extends CrashSafetyTest {

    @Override
    String target() {
        return PostgresServer.get().freshUrl();
    }

    /** The killed client's transaction is gone: no backend of it still holds locks on the database. */
    @Override
    void checkStorage(String target, int round) {
        try (Database db = Database.open(target)) {
            long waitedFor = System.nanoTime();
            long left;
            do {
                Long held = db.read(dsl -> dsl.fetchValue(DSL.field("(select count(*) from pg_locks l join pg_database d on d.oid = l.database "
                        + "where d.datname = current_database() and l.pid <> pg_backend_pid())", Long.class)));
                left = held;
            } while (left > 0 && System.nanoTime() - waitedFor < 10_000_000_000L && pause());
            assertThat(left).as("locks of the killed client after round %d", round).isZero();
        }
    }

    private static boolean pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
