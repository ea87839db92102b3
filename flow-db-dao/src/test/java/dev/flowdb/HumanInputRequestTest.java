package dev.flowdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The original's human-input checks (REFERENCE §7.20), in its order and with its texts, and lossless storage. */
class HumanInputRequestTest {

    /** A field as a caller's JSON object: keys and values in pairs, order kept. */
    static Map<String, Object> field(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    static void refused(List<?> fields, String where, String text) {
        assertThatThrownBy(() -> HumanInputRequest.of("q?", fields))
                .isInstanceOf(ValidationException.class)
                .hasMessage(text)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo(where);
    }

    static final Map<String, Object> OK = field("id", "ok", "label", "Fine");

    @Test
    void everyCheckAnswersTheOriginalsTextInItsOrder() {
        refused(List.of(OK, field("label", "x")), "fields[1]", "Field at index 1 missing required 'id' or 'label'");
        refused(List.of(field("id", "x")), "fields[0]", "Field at index 0 missing required 'id' or 'label'");
        refused(List.of("not an object"), "fields[0]", "Field at index 0 missing required 'id' or 'label'");
        refused(List.of(field("id", "  ", "label", "L")), "fields[0].id", "Field at index 0 has empty or invalid 'id'");
        refused(List.of(field("id", 7, "label", "L")), "fields[0].id", "Field at index 0 has empty or invalid 'id'");
        refused(List.of(field("id", 7, "label", "")), "fields[0].id", "Field at index 0 has empty or invalid 'id'");
        refused(List.of(field("id", "a", "label", "\t")), "fields[0].label", "Field at index 0 has empty or invalid 'label'");
        refused(List.of(field("id", "a", "label", "A"), field("id", "a", "label", "B")), "fields[1].id", "Duplicate field id 'a' at index 1");
        refused(List.of(field("id", "a", "label", "A", "type", "radio")), "fields[0].type",
                "Field at index 0 has invalid type 'radio'. Must be one of: boolean, select, text, textarea");
        refused(List.of(field("id", "a", "label", "A", "type", null)), "fields[0].type",
                "Field at index 0 has invalid type 'None'. Must be one of: boolean, select, text, textarea");
        refused(List.of(field("id", "a", "label", "A", "type", "select")), "fields[0].options",
                "Field at index 0 is type 'select' but missing or invalid 'options' array");
        refused(List.of(field("id", "a", "label", "A", "type", "select", "options", List.of())), "fields[0].options",
                "Field at index 0 is type 'select' but missing or invalid 'options' array");
        refused(List.of(field("id", "a", "label", "A", "type", "select", "options", "pg")), "fields[0].options",
                "Field at index 0 is type 'select' but missing or invalid 'options' array");
        refused(List.of(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", "v", "label", "V"), "pg"))),
                "fields[0].options[1]", "Field at index 0, option 1 must be an object with 'value' and 'label'");
        refused(List.of(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", "v")))),
                "fields[0].options[0]", "Field at index 0, option 0 missing required 'value' or 'label'");
        refused(List.of(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", 1, "label", "")))),
                "fields[0].options[0].value", "Field at index 0, option 0 has empty or invalid 'value'");
        refused(List.of(field("id", "a", "label", "A", "type", "select", "options", List.of(field("value", "v", "label", " ")))),
                "fields[0].options[0].label", "Field at index 0, option 0 has empty or invalid 'label'");
        refused(List.of(field("id", "a", "label", "A", "options", List.of(field("value", "v", "label", "V")))), "fields[0].options",
                "Field at index 0 has 'options' but type is 'text' (only 'select' uses options)");
        refused(List.of(field("id", "a", "label", "A", "type", "boolean", "options", List.of())), "fields[0].options",
                "Field at index 0 has 'options' but type is 'boolean' (only 'select' uses options)");
    }

    @Test
    void theFirstFailingFieldIsReportedAndEarlierFieldsAreCheckedWhole() {
        List<Object> fields = new ArrayList<>(List.of(OK, field("id", "a", "label", "A", "type", "radio"), field("label", "no id")));
        refused(fields, "fields[1].type", "Field at index 1 has invalid type 'radio'. Must be one of: boolean, select, text, textarea");
        refused(Arrays.asList(OK, null), "fields[1]", "Field at index 1 missing required 'id' or 'label'");
    }

    @Test
    void thePromptAndTheListMustNotBeEmpty() {
        assertThatThrownBy(() -> HumanInputRequest.of("", List.of(OK))).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("prompt");
        assertThatThrownBy(() -> HumanInputRequest.of("q", List.of())).isInstanceOf(ValidationException.class)
                .extracting(e -> ((ValidationException) e).field()).isEqualTo("fields");
        assertThat(HumanInputRequest.of(" ", List.of(OK)).prompt()).as("the original's bound is a length of 1").isEqualTo(" ");
    }

    @Test
    void fieldsAreStoredExactlyAsTheCallerSentThemInPythonsFormat() {
        Map<String, Object> select = field("id", "db", "label", "Database", "type", "select", "required", true,
                "options", List.of(field("value", "pg", "label", "PostgreSQL", "hint", "recommended"), field("value", "my", "label", "MySQL")),
                "placeholder", "pick one", "x-extra", field("nested", Arrays.asList(1, 2.5, true, null)));
        Map<String, Object> plain = field("label", "Note ✓", "id", "note");
        HumanInputRequest r = HumanInputRequest.of("Which database — \"really\"?", List.of(select, plain));
        assertThat(r.toJson()).isEqualTo("{\"prompt\": \"Which database \\u2014 \\\"really\\\"?\", \"fields\": [{\"id\": \"db\", \"label\": \"Database\", "
                + "\"type\": \"select\", \"required\": true, \"options\": [{\"value\": \"pg\", \"label\": \"PostgreSQL\", \"hint\": \"recommended\"}, "
                + "{\"value\": \"my\", \"label\": \"MySQL\"}], \"placeholder\": \"pick one\", \"x-extra\": {\"nested\": [1, 2.5, true, null]}}, "
                + "{\"label\": \"Note \\u2713\", \"id\": \"note\"}]}");
        HumanInputRequest.Field db = r.fields().get(0);
        assertThat(db.options()).extracting(HumanInputRequest.Option::value, HumanInputRequest.Option::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pg", "PostgreSQL"), org.assertj.core.groups.Tuple.tuple("my", "MySQL"));
        assertThat(db.options().get(0).attributes()).containsEntry("hint", "recommended");
        assertThat(db.placeholder()).contains("pick one");
        assertThat(r.fields().get(1).type()).isEqualTo("text");
        assertThat(r.fields().get(1).required()).as("absent counts as required").isTrue();
        assertThatThrownBy(() -> db.attributes().put("id", "changed")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void aRequestWrittenByTheOriginalIsReadAndWrittenBackByteForByte() {
        String original = "{\"prompt\": \"API key for Stripe?\", \"fields\": [{\"id\": \"key\", \"label\": \"Secret key\", \"type\": \"text\", "
                + "\"required\": true, \"placeholder\": \"sk_live_\\u2026\", \"x-order\": 1e+16, \"help\": {\"url\": \"https://example.org\"}}, "
                + "{\"id\": \"mode\", \"label\": \"Mode\", \"type\": \"select\", \"options\": [{\"value\": \"live\", \"label\": \"Live\", \"default\": true}]}]}";
        HumanInputRequest read = HumanInputRequest.parse(original);
        assertThat(read.toJson()).isEqualTo(original);
        assertThat(read.fields().get(0).placeholder()).contains("sk_live_…");
        assertThat(read.fields().get(1).options().get(0).attributes()).containsEntry("default", true);
        HumanInputRequest rebuilt = HumanInputRequest.of(read.prompt(), read.fields().stream().map(HumanInputRequest.Field::attributes).toList());
        assertThat(rebuilt.toJson()).as("re-serialised from the parsed values, still the same bytes").isEqualTo(original);
        assertThatThrownBy(() -> HumanInputRequest.parse("{\"prompt\": \"x\", \"fields\": [}")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> HumanInputRequest.parse("[1]")).isInstanceOf(ValidationException.class);
    }

    @Test
    void theTypedConstructorsWriteOptionObjects() {
        HumanInputRequest r = new HumanInputRequest("q", List.of(
                HumanInputRequest.Field.select("db", "Database", new HumanInputRequest.Option("pg", "PostgreSQL")).with("placeholder", "…"),
                new HumanInputRequest.Field("ok", "OK?", "boolean", false, null)));
        assertThat(r.toJson()).isEqualTo("{\"prompt\": \"q\", \"fields\": [{\"id\": \"db\", \"label\": \"Database\", \"type\": \"select\", \"required\": true, "
                + "\"options\": [{\"value\": \"pg\", \"label\": \"PostgreSQL\"}], \"placeholder\": \"\\u2026\"}, "
                + "{\"id\": \"ok\", \"label\": \"OK?\", \"type\": \"boolean\", \"required\": false}]}");
        assertThat(r).isEqualTo(HumanInputRequest.parse(r.toJson()));
    }
}
