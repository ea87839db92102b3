package dev.flowdb.schema;

import java.util.List;
import java.util.TreeSet;
import org.jooq.impl.AbstractConverter;

/**
 * {@code features.dependencies}: JSON array text ⇄ {@code List<Long>}.
 *
 * <p><b>Reading</b> accepts every encoding of REFERENCE §3.3: SQL {@code NULL}, the text
 * {@code null}, the empty string and {@code []} are the empty list; any other text is read as
 * a JSON array of which only the integral numbers are kept, in stored order with duplicates.
 *
 * <p><b>Writing</b> applies the writer rule every original reads: the ids sorted ascending and
 * de-duplicated; no dependencies are written as {@code []} (not SQL {@code NULL}, which the
 * Rust port's {@code NOT NULL} column would refuse; every original reads {@code []} as "none").
 */
public final class DependenciesConverter extends AbstractConverter<String, List<Long>> {

    private static final long serialVersionUID = 1L;

    /** Creates the converter (jOOQ instantiates it from the generated table classes). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public DependenciesConverter() {
        super(String.class, (Class<List<Long>>) (Class) List.class);
    }

    @Override
    public List<Long> from(String databaseObject) {
        return Json.parseIntegers(databaseObject);
    }

    @Override
    public String to(List<Long> userObject) {
        if (userObject == null || userObject.isEmpty()) {
            return "[]";
        }
        return Json.writeIntegers(new TreeSet<>(userObject));
    }
}
