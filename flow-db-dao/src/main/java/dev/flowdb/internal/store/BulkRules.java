package dev.flowdb.internal.store;

import dev.flowdb.DependencyRef;
import dev.flowdb.FeatureStore;
import dev.flowdb.InvalidDependencyException;
import dev.flowdb.internal.wire.PyJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * The original's rules for the dependency references of a batch item, with its texts: the one home
 * of what {@code createBulk} checks on {@link DependencyRef}s, and of what the front ends check on
 * the raw JSON they read ({@code feature_create_bulk}'s {@code depends_on_indices}, the CLI's
 * bulk import) before there is a {@code DependencyRef} to make (an index of {@code 1.5} or
 * {@code "a"} is no {@code int}). Every refusal is an {@link InvalidDependencyException} with its
 * {@link InvalidDependencyException.Reason}; a front end words it as its entry point does (the
 * MCP tool answers {@code {"error": …}}, the CLI exits 2).
 */
public final class BulkRules {

    private BulkRules() {
    }

    /** {@return the refusal of an item with more references than allowed} */
    static InvalidDependencyException tooMany(int item, int count) {
        return new InvalidDependencyException(InvalidDependencyException.Reason.TOO_MANY, "Feature at index " + item + " has " + count
                + " dependencies, max is " + FeatureStore.MAX_DEPENDENCIES);
    }

    /** {@return the refusal of an item that names one reference twice} */
    static InvalidDependencyException duplicates(int item) {
        return new InvalidDependencyException(InvalidDependencyException.Reason.DUPLICATE, "Feature at index " + item + " has duplicate dependencies");
    }

    /** {@return the refusal of an index that names no item of the batch, shown as the original shows it} */
    static InvalidDependencyException invalidIndex(int item, String shown) {
        return new InvalidDependencyException(InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index " + item + " has invalid dependency index: " + shown);
    }

    /** {@return the refusal of the original MCP tool for an index that is not before the item} */
    static InvalidDependencyException forward(int item, long index) {
        return new InvalidDependencyException(InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index " + item + " cannot depend on feature at index " + index + " (forward reference not allowed)");
    }

    /**
     * Reads one item's raw {@code depends_on_indices}, in the original's order of checks: more than
     * 20, duplicates, then each index (a whole number from 0, inside the batch, and before the item
     * unless {@code forwardAllowed}).
     *
     * @param item the item's position in the batch
     * @param indices the JSON list as read ({@code null} for none)
     * @param batchSize how many items the batch has
     * @param forwardAllowed whether an index may name a later item (the library's {@code createBulk}
     *        allows it; the original MCP tool does not)
     * @return the references, in the list's order
     * @throws InvalidDependencyException naming the item and the rule
     */
    public static List<DependencyRef> indexRefs(int item, List<?> indices, int batchSize, boolean forwardAllowed) {
        List<?> raw = indices == null ? List.of() : indices;
        if (raw.size() > FeatureStore.MAX_DEPENDENCIES) {
            throw tooMany(item, raw.size());
        }
        if (new HashSet<>(raw).size() != raw.size()) {
            throw duplicates(item);
        }
        List<DependencyRef> refs = new ArrayList<>(raw.size());
        for (Object k : raw) {
            if (!(k instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0
                    || (forwardAllowed && n.longValue() >= batchSize)) {
                throw invalidIndex(item, PyJson.str(k));
            }
            long index = n.longValue();
            if (!forwardAllowed && index >= item) {
                throw forward(item, index);
            }
            refs.add(DependencyRef.index((int) index));
        }
        return refs;
    }
}
