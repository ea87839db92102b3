package dev.flowdb.internal.events;

import dev.flowdb.internal.engine.Engine;

import dev.flowdb.EventCursor;
import dev.flowdb.FeedEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The change subscription of {@code EventLog.subscribe}: each subscriber gets a daemon thread of
 * its own that pages the feed ({@link EventLogImpl#positionedAfter}) from its cursor, as far as
 * the subscriber's demand reaches, and sleeps {@code poll} between looks that found nothing. The
 * feed reads committed data only, so nothing uncommitted or rolled back is ever delivered; its
 * order is the backend's safe feed order (see {@code EventCursor}). Signals follow the Reactive
 * Streams rules of {@link Flow}: serial, never more {@code onNext} than requested, a non-positive
 * request ends with {@code onError}, {@code cancel} stops delivery, and closing the database
 * completes the subscription.
 */
final class FeedPublisher implements Flow.Publisher<FeedEvent> {

    /** How long a subscription waits between looks that found nothing new. */
    static final Duration DEFAULT_POLL = Duration.ofMillis(100);

    /** The most events one look reads. */
    static final int PAGE = 200;

    private final Engine engine;
    private final EventLogImpl log;
    private final EventCursor from;
    private final Duration poll;

    FeedPublisher(Engine engine, EventLogImpl log, EventCursor from, Duration poll) {
        this.engine = engine;
        this.log = log;
        this.from = from;
        this.poll = poll;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super FeedEvent> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Feed feed = new Feed(subscriber);
        subscriber.onSubscribe(feed);
        feed.thread.start();
    }

    /** One subscriber's subscription and the thread that serves it. */
    private final class Feed implements Flow.Subscription, Runnable {
        private final Flow.Subscriber<? super FeedEvent> subscriber;
        private final AtomicLong demand = new AtomicLong();
        private final Thread thread;
        private volatile boolean cancelled;
        private volatile IllegalArgumentException badRequest;
        private EventCursor cursor = from;

        Feed(Flow.Subscriber<? super FeedEvent> subscriber) {
            this.subscriber = subscriber;
            this.thread = new Thread(this, "flow-db-feed");
            this.thread.setDaemon(true);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(" + n + "): a subscriber asks for at least 1 event (Reactive Streams §3.9)");
            } else {
                demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
            }
            LockSupport.unpark(thread);
        }

        @Override
        public void cancel() {
            cancelled = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            try {
                while (!cancelled) {
                    if (badRequest != null) {
                        cancelled = true;
                        subscriber.onError(badRequest);
                        return;
                    }
                    if (engine.isClosed()) {
                        cancelled = true;
                        subscriber.onComplete();
                        return;
                    }
                    long wanted = demand.get();
                    if (wanted == 0) {
                        LockSupport.parkNanos(this, poll.toNanos());
                        continue;
                    }
                    List<FeedEvent> page = log.positionedAfter(cursor, (int) Math.min(wanted, PAGE));
                    if (page.isEmpty()) {
                        LockSupport.parkNanos(this, poll.toNanos());
                        continue;
                    }
                    for (FeedEvent event : page) {
                        if (cancelled) {
                            return;
                        }
                        cursor = event.cursor();
                        demand.decrementAndGet();
                        subscriber.onNext(event);
                    }
                }
            } catch (RuntimeException failure) {
                cancelled = true;
                // a read that raced with close() fails on the closed pools: that is the end of the feed, not an error
                if (engine.isClosed()) {
                    subscriber.onComplete();
                } else {
                    subscriber.onError(failure);
                }
            }
        }
    }
}
