package dev.flowdb;

import static dev.flowdb.schema.jooq.Tables.FEATURES;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library example of the README, as written there, in a project folder of its own. */
class ReadmeExampleTest {

    @TempDir
    Path project;

    @Test
    void theReadmeExampleRunsAsWritten() {
        try (Database db = Database.open(ProjectLayout.locate(project))) {      // creates / adopts / migrates
            FeatureStore features = db.features(Actor.of("coder-2", "mcp"));        // who acts, and through what
            Feature login = features.create(new NewFeature("auth", "Login form", "Email + password", List.of("open /login")));
            features.create(new NewFeature("auth", "Logout", "…", List.of("click logout")).dependsOn(DependencyRef.id(login.id())));
            Optional<Feature> next = features.claimNextReady();                     // atomic pick-and-claim
            next.ifPresent(f -> features.markPassing(f.id()));
            ReadyPage ready = features.ready(10);                                   // features + totalReady
            db.useWrite(tx -> tx.features().skip(2));                              // several calls, one transaction
            int passing = db.read(ctx -> ctx.fetchCount(FEATURES, FEATURES.PASSES.isTrue()));  // any jOOQ query
            List<ChangeEvent> history = db.events().forFeature(login.id());

            assertThat(next).get().extracting(Feature::id).isEqualTo(login.id());
            assertThat(ready.features()).extracting(Feature::name).containsExactly("Logout");
            assertThat(passing).isEqualTo(1);
            assertThat(history).extracting(ChangeEvent::eventType).containsExactly("created", "claimed", "status_change");
            assertThat(db.features().getById(2).orElseThrow().priority()).isEqualTo(3);
        }
        assertThat(project.resolve(".autoforge/features.db")).isRegularFile();
    }
}
