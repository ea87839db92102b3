package dev.flowdb.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stored-text rules of REFERENCE §3.3, as pure functions. */
class ConvertersTest {

    final DependenciesConverter deps = new DependenciesConverter();
    final StepsConverter steps = new StepsConverter();
    final TimestampConverter time = new TimestampConverter();

    @Test
    void everyEncodingOfNoDependenciesReadsAsEmpty() {
        for (String none : Arrays.asList(null, "null", "", "[]", " [ ] ", "{}", "42", "not json", "[1,")) {
            assertThat(deps.from(none)).as("'%s'", none).isEmpty();
        }
    }

    @Test
    void dependencyListsKeepOrderAndDuplicatesAndDropNonIntegers() {
        assertThat(deps.from("[2, 6]")).containsExactly(2L, 6L);
        assertThat(deps.from("[11,6,6]")).containsExactly(11L, 6L, 6L);
        assertThat(deps.from("[1, \"a\", 2.5, null, true, [3], {\"x\": 4}, 2]")).containsExactly(1L, 2L);
    }

    @Test
    void dependenciesAreWrittenSortedWithoutDuplicatesAndNeverAsNull() {
        assertThat(deps.to(List.of(7L, 2L, 7L))).isEqualTo("[2,7]");
        assertThat(deps.to(List.of())).isEqualTo("[]");
        assertThat(deps.to(null)).isEqualTo("[]");
    }

    @Test
    void stepsReadPythonEscapesAndCompactJsonAlike() {
        assertThat(steps.from("[\"caf\\u00e9\", \"emoji \\ud83d\\ude00\", \"tab\\tquote\\\"\"]"))
                .containsExactly("café", "emoji 😀", "tab\tquote\"");
        assertThat(steps.from("[\"Open…\",\"raw ünï\"]")).containsExactly("Open…", "raw ünï");
        assertThat(steps.from("\"not a list\"")).isEmpty();
        assertThat(steps.from("[1, {\"a\": [1, 2]}]")).containsExactly("1", "{\"a\":[1,2]}");
    }

    @Test
    void stepsRoundTripThroughTheirJsonText() {
        List<String> original = List.of("step \"one\"", "step, two", "ünï", "line\nbreak", "back\\slash", "\u0001 control");
        String text = steps.to(original);
        assertThat(text).startsWith("[\"step \\\"one\\\"\",\"step, two\",\"ünï\",");
        assertThat(steps.from(text)).isEqualTo(original);
    }

    @Test
    void stringsAreEscapedExactlyWhereJsonNeedsIt() {
        assertThat(Json.write("")).isEqualTo("\"\"");
        assertThat(Json.write("plain ünï 😀")).isEqualTo("\"plain ünï 😀\"");
        assertThat(Json.write("\"lead")).isEqualTo("\"\\\"lead\"");
        assertThat(Json.write("trail\\")).isEqualTo("\"trail\\\\\"");
        assertThat(Json.write("a\tb\nc\rd\be\ff\u0001g\u001f")).isEqualTo("\"a\\tb\\nc\\rd\\be\\ff\\u0001g\\u001f\"");
        assertThat(Json.write("\n\n")).isEqualTo("\"\\n\\n\"");
    }

    @Test
    void timestampsAreFixedWidthUtcSoTextOrderIsTimeOrder() {
        Instant t = Instant.parse("2026-11-24T02:13:00.767891Z");
        assertThat(time.to(t)).isEqualTo("2026-11-24T02:13:00.767Z");
        assertThat(time.to(Instant.parse("2026-01-02T03:04:05Z"))).isEqualTo("2026-01-02T03:04:05.000Z");
        assertThat(time.from("2026-11-24T02:13:00.767Z")).isEqualTo(Instant.parse("2026-11-24T02:13:00.767Z"));
        assertThat(time.from("2026-11-24 02:13:00")).as("Rust port's datetime('now')").isEqualTo(Instant.parse("2026-11-24T02:13:00Z"));
        assertThat(time.from("2026-11-24T04:13:00+02:00")).isEqualTo(Instant.parse("2026-11-24T02:13:00Z"));
        assertThat(time.from("2026-11-24T02:13:00.5Z")).isEqualTo(Instant.parse("2026-11-24T02:13:00.500Z"));
        assertThat(time.from("yesterday")).isNull();
        assertThat(time.from(null)).isNull();
        assertThat(time.to(Instant.parse("2026-11-24T02:13:00.001Z")).compareTo(time.to(Instant.parse("2026-11-24T02:13:00.010Z")))).isNegative();
    }
}
