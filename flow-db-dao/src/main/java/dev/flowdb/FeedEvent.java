package dev.flowdb;

/**
 * One event of a change subscription ({@link EventLog#subscribe(EventCursor)}) with the cursor
 * right after it: store the cursor with what the event caused, and a later subscription resumes
 * there without a gap or a repeat.
 *
 * @param event the event
 * @param cursor the feed position right after it
 */
@Beta
public record FeedEvent(ChangeEvent event, EventCursor cursor) {
}
