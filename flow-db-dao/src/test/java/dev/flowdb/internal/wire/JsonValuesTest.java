package dev.flowdb.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowdb.schema.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** General JSON is read by jackson-jr: document order, Python's strictness, and where a problem is. */
class JsonValuesTest {

    @Test
    void objectsKeepTheirKeyOrderAndWriteBackCompactly() {
        Object parsed = JsonValues.parse(" {\"b\": 1, \"a\": [true, null, -2.5e1, \"x\"], \"big\": 123456789012345678901234} ");
        assertThat(List.copyOf(((Map<?, ?>) parsed).keySet())).isEqualTo(List.of("b", "a", "big"));
        assertThat(Json.write(parsed)).isEqualTo("{\"b\":1,\"a\":[true,null,-25.0,\"x\"],\"big\":123456789012345678901234}");
    }

    @Test
    void whatPythonRefusesIsRefusedWithLineAndColumn() {
        assertThatThrownBy(() -> JsonValues.parse("{\"a\": 1} trailing")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at line 1, column 10");
        assertThatThrownBy(() -> JsonValues.parse("{} [2]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unexpected text after the JSON value at line 1, column 5");
        assertThatThrownBy(() -> JsonValues.parse("{\n  \"a\" 1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at line 2, column 7");
        assertThatThrownBy(() -> JsonValues.parse("007")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> JsonValues.parse("\"a\tb\"")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> JsonValues.parse("[1, 2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("index out of range");
        assertThatThrownBy(() -> JsonValues.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textThatIsNotJsonIsKeptAsText() {
        assertThat(JsonValues.parseOrText("not json")).isEqualTo("not json");
        assertThat(JsonValues.parseOrText("[3]")).isEqualTo(List.of(3));
    }
}
