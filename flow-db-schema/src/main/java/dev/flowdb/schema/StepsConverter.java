package dev.flowdb.schema;

import java.util.List;
import org.jooq.impl.AbstractConverter;

/**
 * {@code features.steps}: JSON array text ⇄ {@code List<String>}.
 *
 * <p>Reads Python's {@code json.dumps} output ({@code ", "} separators, {@code \u00e9}
 * escapes) as readily as compact JSON; text that is not an array reads as an empty list.
 * Writes compact JSON with raw UTF-8; a {@code null} list is written as {@code []} because the
 * column is {@code NOT NULL} in every legacy layout.
 */
public final class StepsConverter extends AbstractConverter<String, List<String>> {

    private static final long serialVersionUID = 1L;

    /** Creates the converter (jOOQ instantiates it from the generated table classes). */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public StepsConverter() {
        super(String.class, (Class<List<String>>) (Class) List.class);
    }

    @Override
    public List<String> from(String databaseObject) {
        return Json.parseStrings(databaseObject);
    }

    @Override
    public String to(List<String> userObject) {
        return userObject == null ? "[]" : Json.writeStrings(userObject);
    }
}
