/**
 * The audit log and the change feed: {@code EventLogImpl} ({@link dev.flowdb.EventLog}: custom
 * events, reads by feature, id and cursor, replay), the event types the verbs write
 * ({@code EventType}) and the subscription publisher ({@code FeedPublisher}: polls the feed after
 * a cursor and delivers as far as each subscriber requested).
 *
 * <p>May use: {@code engine}, {@code sql}, {@code wire}, and {@code store}'s argument checks. Not
 * API.
 */
package dev.flowdb.internal.events;
