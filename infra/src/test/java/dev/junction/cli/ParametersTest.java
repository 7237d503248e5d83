package dev.junction.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ParametersTest {

    @Test
    void valuesThatParseAsJsonAreJsonAndTheRestAreStrings() {
        ObjectNode parameters = Parameters.parse(List.of("size=large", "count=3", "ratio=0.5", "on=true",
                "tags=[\"a\",\"b\"]", "limits={\"cpu\":2}", "quoted=\"3\"", "none=null", "two=3 4", "version=1.2.3",
                "empty=", "eq=a=b"));
        assertThat(parameters.toString()).isEqualTo("{\"size\":\"large\",\"count\":3,\"ratio\":0.5,\"on\":true,"
                + "\"tags\":[\"a\",\"b\"],\"limits\":{\"cpu\":2},\"quoted\":\"3\",\"none\":null,\"two\":\"3 4\","
                + "\"version\":\"1.2.3\",\"empty\":\"\",\"eq\":\"a=b\"}");
    }

    @Test
    void noOptionsSendNoParameters() {
        assertThat(Parameters.parse(null)).isNull();
        assertThat(Parameters.parse(List.of())).isNull();
    }

    @Test
    void malformedOptionsAreUsageErrorsNamingThem() {
        assertUsage(List.of("size"), "-P size: expected key=value");
        assertUsage(List.of("=large"), "-P =large: expected key=value");
        assertUsage(List.of("size=a", "size=b"), "-P size is given twice");
        assertUsage(List.of(" size=a"), "without spaces");
        assertUsage(List.of("k".repeat(201) + "=1"), "1 to 200 characters");
        assertUsage(Collections.nCopies(101, "a=1"), "at most 100");
    }

    private static void assertUsage(List<String> options, String message) {
        assertThatThrownBy(() -> Parameters.parse(options)).isInstanceOfSatisfying(CliException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCodes.USAGE);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
