package dev.flowdb.internal.picture;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each feature id sits in a list of features: found by binary search when the ids ascend
 * (every read in id order gives them so), else through a map. Shared by the scheduling score and
 * the picture's graph, which are built from the same list.
 */
final class IdPositions {

    /** The ids, in list order. */
    final long[] ids;
    /** Position of each id, only when the ids do not ascend. */
    private final Map<Long, Integer> unsorted;

    private IdPositions(long[] ids, Map<Long, Integer> unsorted) {
        this.ids = ids;
        this.unsorted = unsorted;
    }

    static IdPositions of(List<SchedulingScores.Node> nodes) {
        int n = nodes.size();
        long[] ids = new long[n];
        boolean ascending = true;
        for (int i = 0; i < n; i++) {
            ids[i] = nodes.get(i).id();
            ascending &= i == 0 || ids[i - 1] < ids[i];
        }
        Map<Long, Integer> unsorted = null;
        if (!ascending) {
            unsorted = new HashMap<>(n * 2);
            for (int i = 0; i < n; i++) {
                unsorted.put(ids[i], i);
            }
        }
        return new IdPositions(ids, unsorted);
    }

    /** @return the position of feature {@code id}, or -1 when it is not in the list */
    int of(long id) {
        if (unsorted != null) {
            Integer p = unsorted.get(id);
            return p == null ? -1 : p;
        }
        int p = Arrays.binarySearch(ids, id);
        return p >= 0 ? p : -1;
    }
}
