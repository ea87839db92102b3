package dev.flowdb;

import java.util.List;
import java.util.Optional;

/**
 * The audit log ({@code change_events}): every change flow-db makes writes its events in the
 * same transaction; callers can add their own.
 *
 * <pre>{@code
 * List<ChangeEvent> history = db.events().forFeature(7);
 * long cursor = 0;
 * for (ChangeEvent e : db.events().since(cursor, 100)) { cursor = e.id(); … }
 * }</pre>
 */
public interface EventLog {

    /**
     * Adds a custom event for this log's actor (the original's {@code log_event}). The feature
     * need not exist.
     *
     * @param featureId the feature concerned, ≥ 1
     * @param eventType a non-blank type, e.g. {@code comment}
     * @param field a field name or {@code null}
     * @param oldValue JSON text or {@code null}
     * @param newValue JSON text or {@code null}
     * @return the stored event
     * @throws ValidationException for a blank type, an id below 1, or values that are not JSON
     */
    ChangeEvent log(long featureId, String eventType, String field, String oldValue, String newValue);

    /** The {@link ChangeEvent#featureId()} of events about the backlog as a whole, not one feature. */
    long BACKLOG = 0;

    /**
     * Adds a custom event about the backlog as a whole (feature id {@link #BACKLOG}), e.g. the
     * questions an assistant put to its user. Replay and the per-feature history ignore it;
     * {@link #since(long, int)} and {@link #latest(int)} list it.
     *
     * @param eventType a non-blank type, e.g. {@code ask_user}
     * @param newValue JSON text or {@code null}
     * @return the stored event
     * @throws ValidationException for a blank type or a value that is not JSON
     */
    @Beta
    ChangeEvent logForBacklog(String eventType, String newValue);

    /**
     * The history of one feature.
     *
     * @param featureId a feature id
     * @return its events, oldest first (by time, then id); empty for an unknown id
     */
    List<ChangeEvent> forFeature(long featureId);

    /**
     * Events after an event id, in id order. Exact on SQLite (one writer commits in id order); on
     * PostgreSQL an event committed out of id order by another host can be skipped, so a feed that
     * must see every event uses {@link #after(EventCursor, int)}.
     *
     * @param afterId the id of the last event already seen (0 for the start)
     * @param limit at most this many, at least 1
     * @return the next events
     */
    List<ChangeEvent> since(long afterId, int limit);

    /**
     * The change feed for dashboards, sync and other hosts' caches: the events after
     * {@code cursor}, in an order in which no event can later appear before the returned cursor —
     * on PostgreSQL too, where ids commit out of order (see {@link EventCursor}). Resume with
     * {@link EventPage#next()}.
     *
     * <pre>{@code
     * EventCursor at = db.events().tail();
     * while (running) {
     *     EventPage page = db.events().after(at, 100);
     *     page.events().forEach(this::show);
     *     at = page.next();
     * }
     * }</pre>
     *
     * @param cursor where the last page ended ({@link EventCursor#START} for the beginning)
     * @param limit at most this many, at least 1
     * @return the events and the cursor after them
     */
    @Beta
    EventPage after(EventCursor cursor, int limit);

    /**
     * A live subscription to the change feed from {@code from} on: every committed change event,
     * this process's and other processes' (and hosts') alike, in feed order, each with its resume
     * cursor; never an uncommitted or rolled-back one. It delivers only what the subscriber
     * {@linkplain java.util.concurrent.Flow.Subscription#request(long) requested}, from one thread
     * of its own per subscriber, looking for new events every 100 ms while there is demand;
     * {@code cancel()} stops it, and closing the {@code Database} completes it
     * ({@code onComplete}). A failure to read ends it with {@code onError}.
     *
     * <pre>{@code
     * db.events().subscribe(db.events().tail()).subscribe(new Flow.Subscriber<>() { … });
     * }</pre>
     *
     * @param from where to start ({@link EventCursor#START}, {@link #tail()}, or a stored {@link FeedEvent#cursor()})
     * @return a publisher; each subscriber gets the feed from {@code from}
     */
    @Beta
    java.util.concurrent.Flow.Publisher<FeedEvent> subscribe(EventCursor from);

    /**
     * {@link #subscribe(EventCursor)} looking for new events every {@code poll}.
     *
     * @param from where to start
     * @param poll how long to wait between looks when no new event came
     * @return a publisher
     */
    @Beta
    java.util.concurrent.Flow.Publisher<FeedEvent> subscribe(EventCursor from, java.time.Duration poll);

    /**
     * The cursor after every event committed so far, to follow only what comes next. On
     * PostgreSQL it stands before the oldest transaction still running, so an event that
     * transaction commits later is not lost (an event committed meanwhile by a newer one may
     * come once more).
     *
     * @return the cursor
     */
    @Beta
    EventCursor tail();

    /**
     * The tail of the log.
     *
     * @param limit at most this many, at least 1
     * @return the latest events, oldest first; use the last one's id as the cursor of {@link #since(long, int)}
     */
    List<ChangeEvent> latest(int limit);

    /**
     * Rebuilds a feature from its events alone, folding them oldest first from nothing.
     * For a feature whose whole life was recorded by flow-db, this equals its row.
     *
     * @param featureId a feature id
     * @return the feature as its events describe it; empty if it has no {@code created} event
     *         or its last event is {@code deleted}
     */
    Optional<Feature> replay(long featureId);
}
