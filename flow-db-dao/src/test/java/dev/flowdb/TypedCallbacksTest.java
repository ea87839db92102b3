package dev.flowdb;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code db.write}/{@code db.read} hand a callback's own checked exception back unchanged; the void twins need no {@code return null}. */
class TypedCallbacksTest {

    @RegisterExtension
    final FlowDbExtension flow = FlowDbExtension.inMemory();

    static final class NotToday extends Exception {
        NotToday(String message) {
            super(message);
        }
    }

    NewFeature nf(String name) {
        return new NewFeature("core", name, "d", List.of("s"));
    }

    @Test
    void aCheckedExceptionOfTheWorkReachesTheCallerAsItIsAfterTheRollback() {
        Database db = flow.db();
        NotToday thrown = new NotToday("refused by the caller");
        assertThatThrownBy(() -> db.write(tx -> {
            tx.features().create(nf("a"));
            throw thrown;
        })).isSameAs(thrown);
        assertThat(db.features().getAll()).isEmpty();
        assertThat(db.events().latest(10)).isEmpty();
    }

    @Test
    void theCompilerKnowsWhatTheWorkThrows() throws IOException {
        Database db = flow.db();
        // declares IOException: the caller must handle exactly that, nothing wrapped
        long count = db.read(ctx -> {
            if (ctx == null) {
                throw new IOException("unreachable");
            }
            return (long) ctx.fetchCount(FEATURES);
        });
        assertThat(count).isZero();
    }

    @Test
    void voidTwinsRunInOneTransaction() {
        Database db = flow.db();
        db.useWrite(tx -> {
            Feature a = tx.features().create(nf("a"));
            tx.features().create(nf("b").dependsOn(DependencyRef.id(a.id())));
        });
        AtomicInteger seen = new AtomicInteger();
        db.useRead(ctx -> seen.set(ctx.fetchCount(FEATURES)));
        assertThat(seen).hasValue(2);
        assertThatThrownBy(() -> db.useWrite(tx -> {
            tx.features().markPassing(1);
            throw new NotToday("undo");
        })).isInstanceOf(NotToday.class);
        assertThat(db.features().getById(1).orElseThrow().passes()).isFalse();
    }

    @Test
    void aDatabaseFailureInsideTheWorkIsStillClassified() {
        Database db = flow.db();
        assertThatThrownBy(() -> db.useWrite(tx -> tx.dsl().execute("insert into no_such_table values (1)")))
                .isInstanceOf(DatabaseAccessException.class).hasMessageContaining("no_such_table");
    }
}
