package dev.flowdb;

/**
 * Who makes a change, and through which entry point. Every mutation is done on behalf of an
 * actor, and every change event records it, so the audit log always says who changed what.
 *
 * <pre>{@code
 * FeatureStore features = db.features(Actor.of("coder-2", "mcp"));
 * }</pre>
 *
 * @param agent the agent, user or process making the change, e.g. {@code coder-2}
 * @param source the entry point it comes through, e.g. {@code mcp}, {@code cli}, {@code web}, {@code tasks}
 */
public record Actor(String agent, String source) {

    /** Longest accepted agent or source name. */
    public static final int MAX_LENGTH = 200;

    /** The actor used when none is given: agent {@code flow-db}, source {@code api}. */
    public static final Actor DEFAULT = new Actor("flow-db", "api");

    /**
     * An actor, checked.
     *
     * @param agent the record's {@code agent}
     * @param source the record's {@code source}
     * @throws ValidationException if either part is null, blank or longer than {@link #MAX_LENGTH}
     */
    public Actor {
        check("agent", agent);
        check("source", source);
    }

    /**
     * Creates an actor.
     *
     * @param agent the agent, user or process making the change
     * @param source the entry point it comes through
     * @return the actor
     * @throws ValidationException if either part is null, blank or too long
     */
    public static Actor of(String agent, String source) {
        return new Actor(agent, source);
    }

    private static void check(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException("actor." + field, "actor." + field + " must not be blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new ValidationException("actor." + field,
                    "actor." + field + " must be at most " + MAX_LENGTH + " characters, got " + value.length());
        }
    }
}
