package dev.flowdb.internal.picture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

/**
 * The scheduling picture moved by deltas equals the picture built from scratch at the same flags:
 * counts, the ready set in scheduling order, the blocked set in id order — for random graphs
 * (missing dependencies, duplicates, chains) and random runs of status changes.
 */
class BacklogTest {

    /** The ready and blocked definitions, written out plainly, as the SQL states them. */
    private static Backlog fromScratch(Backlog.Graph graph, List<SchedulingScores.Node> nodes, Map<Long, Backlog.Flags> flags, long version) {
        Backlog.Rows rows = new Backlog.Rows();
        for (SchedulingScores.Node n : nodes) {
            Backlog.Flags f = flags.get(n.id());
            boolean unmet = n.dependencies().stream().anyMatch(d -> !flags.containsKey(d) || !flags.get(d).passes());
            rows.add(n, f.passes(), f.inProgress(), f.waiting(), !f.passes() && !f.inProgress() && !f.waiting() && !unmet,
                    !f.passes() && unmet);
        }
        return new Backlog(graph, version, rows);
    }

    private static void assertSamePicture(Backlog moved, Backlog built) {
        int n = built.graph.ids.length;
        assertThat(moved.counts()).isEqualTo(built.counts());
        assertThat(moved.ready(n + 1)).isEqualTo(built.ready(n + 1));
        assertThat(moved.blocked(n + 1)).isEqualTo(built.blocked(n + 1));
        assertThat(moved.ready(2)).isEqualTo(built.ready(2));
        assertThat(moved.blocked(1)).isEqualTo(built.blocked(1));
    }

    @RepeatedTest(40)
    void deltasLeaveThePictureThatARebuildMakes(RepetitionInfo run) {
        Random random = new Random(run.getCurrentRepetition() * 7919L);
        int size = 1 + random.nextInt(40);
        List<SchedulingScores.Node> nodes = new ArrayList<>();
        Map<Long, Backlog.Flags> flags = new HashMap<>();
        for (long id = 1; id <= size; id++) {
            List<Long> deps = new ArrayList<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                // earlier features, now and then a missing id, now and then the same id twice
                deps.add(random.nextInt(10) == 0 ? 1000L + random.nextInt(3) : 1L + random.nextInt((int) id));
            }
            long self = id;
            deps.removeIf(d -> d == self);   // a feature never depends on itself
            nodes.add(new SchedulingScores.Node(id, random.nextInt(5), List.copyOf(deps)));
            flags.put(id, new Backlog.Flags(id, random.nextBoolean(), random.nextInt(5) == 0, random.nextInt(7) == 0));
        }
        Backlog.Graph graph = new Backlog.Graph(1, nodes);
        Backlog moved = fromScratch(graph, nodes, flags, 0);
        long version = 0;
        for (int step = 0; step < 60; step++) {
            List<Backlog.Flags> deltas = new ArrayList<>();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                long id = 1 + random.nextInt(size);
                Backlog.Flags next = new Backlog.Flags(id, random.nextBoolean(), random.nextInt(3) == 0, random.nextInt(5) == 0);
                flags.put(id, next);
                deltas.add(next);
            }
            version += deltas.size();
            moved.apply(deltas, version);
            assertThat(moved.statusVersion()).isEqualTo(version);
            assertSamePicture(moved, fromScratch(graph, nodes, flags, version));
        }
    }

    @Test
    void aDeltaForAFeatureTheGraphDoesNotKnowIsIgnored() {
        List<SchedulingScores.Node> nodes = List.of(new SchedulingScores.Node(1, 1, List.of()));
        Map<Long, Backlog.Flags> flags = new HashMap<>(Map.of(1L, new Backlog.Flags(1, false, false, false)));
        Backlog.Graph graph = new Backlog.Graph(3, nodes);
        Backlog b = fromScratch(graph, nodes, flags, 5);
        b.apply(List.of(new Backlog.Flags(99, true, false, false)), 6);
        assertThat(b.counts()).isEqualTo(new Backlog.Counts(0, 0, 0, 1));
        assertThat(b.ready(10)).isEqualTo(new Backlog.Page(List.of(1L), 1));
    }

    @Test
    void passingADependencyReadiesItsDependentsAndFailingItBlocksThemAgain() {
        List<SchedulingScores.Node> nodes = List.of(new SchedulingScores.Node(1, 1, List.of()),
                new SchedulingScores.Node(2, 2, List.of(1L, 1L)), new SchedulingScores.Node(3, 3, List.of(1L, 2L)));
        Map<Long, Backlog.Flags> flags = new HashMap<>();
        for (long id = 1; id <= 3; id++) {
            flags.put(id, new Backlog.Flags(id, false, false, false));
        }
        Backlog b = fromScratch(new Backlog.Graph(1, nodes), nodes, flags, 0);
        assertThat(b.ready(10).ids()).containsExactly(1L);
        assertThat(b.blocked(10).ids()).containsExactly(2L, 3L);
        b.apply(List.of(new Backlog.Flags(1, true, false, false)), 1);
        assertThat(b.ready(10).ids()).containsExactly(2L);
        assertThat(b.blocked(10).ids()).containsExactly(3L);
        assertThat(b.counts()).isEqualTo(new Backlog.Counts(1, 0, 0, 3));
        b.apply(List.of(new Backlog.Flags(2, false, true, false), new Backlog.Flags(3, false, false, true)), 3);
        assertThat(b.counts()).isEqualTo(new Backlog.Counts(1, 1, 1, 3));
        assertThat(b.ready(10).total()).isZero();
        b.apply(List.of(new Backlog.Flags(1, false, false, false)), 4);
        assertThat(b.ready(10).ids()).containsExactly(1L);
        assertThat(b.blocked(10).ids()).containsExactly(2L, 3L);
        assertThat(b.counts()).isEqualTo(new Backlog.Counts(0, 1, 1, 3));
    }

    @Test
    void aFeatureWithoutFlagsInTheSnapshotIsRefused() {
        List<SchedulingScores.Node> nodes = List.of(new SchedulingScores.Node(1, 1, List.of()), new SchedulingScores.Node(2, 1, List.of()));
        Backlog.Graph graph = new Backlog.Graph(1, nodes);
        Backlog.Rows rows = new Backlog.Rows();
        rows.add(nodes.get(0), false, false, false, true, false);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Backlog(graph, 0, rows))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("feature 2");
    }
}
