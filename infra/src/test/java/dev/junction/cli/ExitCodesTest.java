package dev.junction.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {

    @ParameterizedTest
    @CsvSource({"401,5", "403,5", "429,5", "404,3", "410,3", "400,4", "405,4", "409,4", "412,4", "413,4", "422,4",
            "500,6", "502,6", "503,6", "302,6"})
    void eachHttpStatusHasTheExitCodeOfItsKind(int status, int code) {
        assertThat(ExitCodes.forStatus(status)).isEqualTo(code);
    }
}
