package dev.flowdb;

/**
 * A dependency of a feature being created: an existing feature by id, or another feature of
 * the same {@link FeatureStore#createBulk(java.util.List) bulk create} by its index in the batch.
 *
 * <pre>{@code
 * features.createBulk(List.of(a, b.dependsOn(DependencyRef.index(0)), c.dependsOn(DependencyRef.id(17))));
 * }</pre>
 */
public sealed interface DependencyRef {

    /**
     * A dependency on an existing feature.
     *
     * @param id an existing feature's id
     * @return a reference by id
     */
    static DependencyRef id(long id) {
        return new Id(id);
    }

    /**
     * A dependency on another item of the same batch.
     *
     * @param index a 0-based position in the same batch
     * @return a reference by batch index
     */
    static DependencyRef index(int index) {
        return new Index(index);
    }

    /**
     * A dependency on an existing feature.
     *
     * @param id its id
     */
    record Id(long id) implements DependencyRef {
    }

    /**
     * A dependency on another feature of the same batch.
     *
     * @param index its 0-based position in the batch
     */
    record Index(int index) implements DependencyRef {
    }
}
