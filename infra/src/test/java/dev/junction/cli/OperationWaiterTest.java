package dev.junction.cli;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OperationWaiterTest {

    @Test
    void retryAfterIsHonouredBetweenAFifthOfASecondAndFiveSeconds() {
        assertThat(OperationWaiter.interval(Optional.of("2"))).isEqualTo(2000);
        assertThat(OperationWaiter.interval(Optional.of("0"))).isEqualTo(200);
        assertThat(OperationWaiter.interval(Optional.of("0.5"))).isEqualTo(500);
        assertThat(OperationWaiter.interval(Optional.of("3600"))).isEqualTo(5000);
        assertThat(OperationWaiter.interval(Optional.of("-4"))).isEqualTo(200);
        assertThat(OperationWaiter.interval(Optional.of("NaN"))).isEqualTo(1000);
        assertThat(OperationWaiter.interval(Optional.of("Wed, 21 Oct 2015 07:28:00 GMT"))).isEqualTo(1000);
        assertThat(OperationWaiter.interval(Optional.empty())).isEqualTo(1000);
    }
}
