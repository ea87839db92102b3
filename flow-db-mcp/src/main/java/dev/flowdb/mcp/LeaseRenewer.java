package dev.flowdb.mcp;

import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.FlowDbException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews, on a timer, the leases of every claim the server's agent holds
 * ({@link FeatureStore#renewClaims()}), for as long as the server runs: a live agent keeps its
 * features; once the process ends (its client gone, a crash) the renewals stop and the claims go
 * stale. A failed renewal (a busy database) is logged and tried again at the next tick.
 */
final class LeaseRenewer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseRenewer.class);

    private final ScheduledExecutorService timer;

    private LeaseRenewer(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /**
     * @param store the agent's store
     * @param every the period, longer than zero
     * @return the running renewer; {@link #close()} stops it
     */
    static LeaseRenewer start(FeatureStore store, Duration every) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flow-db-mcp-lease-renewer");
            t.setDaemon(true);
            return t;
        });
        long millis = Math.max(1, every.toMillis());
        timer.scheduleWithFixedDelay(() -> renew(store), millis, millis, TimeUnit.MILLISECONDS);
        return new LeaseRenewer(timer);
    }

    private static void renew(FeatureStore store) {
        try {
            List<Feature> renewed = store.renewClaims();
            if (!renewed.isEmpty()) {
                LOG.debug("renewed the leases of {}", renewed.stream().map(Feature::id).toList());
            }
        } catch (FlowDbException e) {
            LOG.warn("could not renew the agent's claims (tried again at the next tick): {}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("lease renewal failed", e);
        }
    }

    /** Stops renewing; waits for a renewal under way. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
