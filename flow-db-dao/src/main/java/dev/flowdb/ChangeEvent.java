package dev.flowdb;

import java.time.Instant;

/**
 * One entry of the audit log.
 *
 * <p>{@code oldValue} / {@code newValue} are JSON text. When {@code field} names a single field
 * (e.g. {@code passes}), they are that field's values ({@code false} → {@code true}); when
 * {@code field} is {@code null}, they are JSON objects holding every field the change touched
 * ({@code created} carries the whole new feature). Folding a feature's events in order from
 * empty therefore gives its current row ({@link EventLog#replay(long)}).
 *
 * @param id position in the log (increasing; the cursor of {@link EventLog#since(long, int)})
 * @param featureId the feature concerned
 * @param eventType what happened: {@code created}, {@code claimed}, {@code status_change},
 *        {@code skipped}, {@code updated}, {@code dependency_added}, {@code dependency_removed},
 *        {@code dependencies_set}, {@code human_input_requested}, {@code human_input_answered},
 *        {@code claim_released}, {@code deleted}, or a caller's own type
 * @param field the single field changed, or {@code null}
 * @param oldValue JSON text before, or {@code null}
 * @param newValue JSON text after, or {@code null}
 * @param agent who made the change
 * @param source through which entry point
 * @param createdAt when (UTC)
 */
public record ChangeEvent(long id, long featureId, String eventType, String field, String oldValue, String newValue,
                          String agent, String source, Instant createdAt) {
}
