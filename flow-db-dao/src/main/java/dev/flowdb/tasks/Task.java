package dev.flowdb.tasks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Claude Code task file ({@code <tasks dir>/<list>/<id>.json}, schema as of Claude Code
 * 2.1.x; see {@link TaskSync}).
 *
 * @param id the task id, a decimal string such as {@code "7"}
 * @param subject the short title shown in the task list
 * @param description the body (flow-db appends the feature's steps in a marked block)
 * @param activeForm the spinner text; flow-db always writes one
 * @param owner the agent that owns the task, or {@code null}
 * @param status {@code pending}, {@code in_progress} or {@code completed}
 * @param blocks ids of the tasks this one blocks
 * @param blockedBy ids of the tasks that block this one
 * @param metadata free-form; flow-db keeps every feature field a task cannot hold under {@code metadata.flow}
 * @param otherFields top-level fields this version does not know, kept so a round trip loses nothing
 */
public record Task(String id, String subject, String description, String activeForm, String owner, String status,
                   List<String> blocks, List<String> blockedBy, Map<String, Object> metadata, Map<String, Object> otherFields) {

    /** The statuses Claude Code accepts; any other makes it drop the task. */
    public static final List<String> STATUSES = List.of("pending", "in_progress", "completed");

    /**
     * Copies the collections; {@code null} lists and maps become empty ones.
     *
     * @param id the {@code id} component
     * @param subject the {@code subject} component
     * @param description the {@code description} component
     * @param activeForm the {@code activeForm} component
     * @param owner the {@code owner} component
     * @param status the {@code status} component
     * @param blocks the {@code blocks} component
     * @param blockedBy the {@code blockedBy} component
     * @param metadata the {@code metadata} component
     * @param otherFields the {@code otherFields} component
     */
    public Task {
        blocks = blocks == null ? List.of() : List.copyOf(blocks);
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
        metadata = metadata == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        otherFields = otherFields == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(otherFields));
    }
}
