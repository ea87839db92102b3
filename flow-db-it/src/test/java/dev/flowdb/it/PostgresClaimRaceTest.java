package dev.flowdb.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowdb.Database;
import dev.flowdb.PostgresServer;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Tag;

/**
 * The claim race of {@link ClaimRaceTest} with every process on one PostgreSQL database, the
 * stand-in for agents on several hosts.
 */
@Tag("postgres")
class PostgresClaimRaceTest extends ClaimRaceTest {

    @Override
    String target() {
        return PostgresServer.get().freshUrl();
    }

    /**
     * There is no file to check; the server's own state that the race touched is the identity
     * sequence, which must stand at or above every id so the next create cannot collide.
     */
    @Override
    void checkStorage(String target) {
        try (Database db = Database.open(target)) {
            boolean above = db.read(dsl -> dsl.fetchValue(DSL.field("pg_sequence_last_value(pg_get_serial_sequence('features', 'id')::regclass) "
                    + ">= (select max(id) from features)", Boolean.class)));
            assertThat(above).isTrue();
        }
    }
}
