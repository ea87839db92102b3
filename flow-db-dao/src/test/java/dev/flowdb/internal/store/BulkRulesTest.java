package dev.flowdb.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.DependencyRef;
import dev.flowdb.InvalidDependencyException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The raw {@code depends_on_indices} rules the MCP tool and the CLI's import share, with the original's texts and order. */
class BulkRulesTest {

    @Test
    void indicesBecomeReferencesInTheirOrder() {
        assertThat(BulkRules.indexRefs(2, List.of(1, 0), 3, false)).containsExactly(DependencyRef.index(1), DependencyRef.index(0));
        assertThat(BulkRules.indexRefs(0, List.of(2), 3, true)).as("the library allows forward references").containsExactly(DependencyRef.index(2));
        assertThat(BulkRules.indexRefs(0, null, 1, false)).isEmpty();
    }

    @Test
    void eachRuleIsRefusedWithTheOriginalsTextInTheOriginalsOrder() {
        List<Integer> many = Collections.nCopies(21, 0);
        refused(() -> BulkRules.indexRefs(3, many, 30, false), InvalidDependencyException.Reason.TOO_MANY,
                "Feature at index 3 has 21 dependencies, max is 20");
        refused(() -> BulkRules.indexRefs(3, List.of(1, 1), 30, false), InvalidDependencyException.Reason.DUPLICATE,
                "Feature at index 3 has duplicate dependencies");
        refused(() -> BulkRules.indexRefs(3, List.of(1.5), 30, false), InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index 3 has invalid dependency index: 1.5");
        refused(() -> BulkRules.indexRefs(3, List.of("a"), 30, false), InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index 3 has invalid dependency index: a");
        refused(() -> BulkRules.indexRefs(3, List.of(-1), 30, false), InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index 3 has invalid dependency index: -1");
        refused(() -> BulkRules.indexRefs(3, List.of(3), 30, false), InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index 3 cannot depend on feature at index 3 (forward reference not allowed)");
        refused(() -> BulkRules.indexRefs(0, List.of(5), 2, true), InvalidDependencyException.Reason.BATCH_INDEX,
                "Feature at index 0 has invalid dependency index: 5");
    }

    private static void refused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, InvalidDependencyException.Reason reason, String text) {
        assertThatThrownBy(call).isInstanceOf(InvalidDependencyException.class).hasMessage(text)
                .satisfies(e -> assertThat(((InvalidDependencyException) e).reason()).isEqualTo(reason));
    }
}
