package com.example.backlog;

import static dev.flowdb.schema.jooq.Tables.CHANGE_EVENTS;
import static dev.flowdb.schema.jooq.Tables.FEATURES;

import dev.flowdb.Actor;
import dev.flowdb.Database;
import dev.flowdb.DependencyRef;
import dev.flowdb.Feature;
import dev.flowdb.FeatureStore;
import dev.flowdb.NewFeature;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.impl.DSL;

/**
 * A small application on flow-db: it works a backlog through the domain verbs, then reports on
 * it with its own type-checked jOOQ queries over the generated tables.
 */
public final class BacklogReport {

    /** What the report found. */
    public record Report(Map<String, Integer> eventsPerFeature, Map<String, Integer> passingPerCategory, int open) {
    }

    private BacklogReport() {
    }

    /** Creates a small backlog in {@code file}, works part of it, and reports. */
    public static Report run(Path file) {
        try (Database db = Database.open(file)) {
            FeatureStore features = db.features(Actor.of("report-app", "example"));
            Feature login = features.create(new NewFeature("auth", "Login", "Email and password", List.of("open /login")));
            features.create(new NewFeature("auth", "Logout", "End the session", List.of("click logout")).dependsOn(DependencyRef.id(login.id())));
            Feature list = features.create(new NewFeature("ui", "Recipe list", "Show recipes", List.of("open /")));
            features.claim(login.id());
            features.markPassing(login.id());
            features.claim(list.id());

            // a join and a group-by over FEATURES and CHANGE_EVENTS
            Map<String, Integer> eventsPerFeature = new LinkedHashMap<>();
            db.read(ctx -> ctx.select(FEATURES.NAME, DSL.count(CHANGE_EVENTS.ID))
                    .from(FEATURES)
                    .join(CHANGE_EVENTS).on(CHANGE_EVENTS.FEATURE_ID.eq(FEATURES.ID))
                    .groupBy(FEATURES.ID, FEATURES.NAME)
                    .orderBy(FEATURES.ID)
                    .fetch())
                    .forEach(r -> eventsPerFeature.put(r.value1(), r.value2()));

            // a typed boolean condition (FEATURES.PASSES is a Field<Boolean>) in a group-by
            Map<String, Integer> passingPerCategory = new LinkedHashMap<>();
            db.read(ctx -> ctx.select(FEATURES.CATEGORY, DSL.count())
                    .from(FEATURES)
                    .where(FEATURES.PASSES.isTrue())
                    .groupBy(FEATURES.CATEGORY)
                    .orderBy(FEATURES.CATEGORY)
                    .fetch())
                    .forEach(r -> passingPerCategory.put(r.value1(), r.value2()));

            int open = db.read(ctx -> ctx.fetchCount(FEATURES, FEATURES.PASSES.isFalse().and(FEATURES.IN_PROGRESS.isFalse())));
            return new Report(eventsPerFeature, passingPerCategory, open);
        }
    }

    /**
     * Prints the report of a fresh backlog in {@code args[0]}.
     *
     * @param args the database file
     */
    public static void main(String[] args) {
        System.out.println(run(Path.of(args.length > 0 ? args[0] : "example-features.db")));
    }
}
