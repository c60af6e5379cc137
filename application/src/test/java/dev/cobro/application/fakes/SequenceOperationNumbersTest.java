package dev.cobro.application.fakes;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SequenceOperationNumbersTest {

    @Test
    void numbersStartAtOneAndGoUp() {
        SequenceOperationNumbers numbers = new SequenceOperationNumbers();

        assertThat(numbers.next().value()).isEqualTo("1");
        assertThat(numbers.next().value()).isEqualTo("2");
    }

    @Test
    void theSequenceStopsAtNineDigitsAndDoesNotCycle() {
        SequenceOperationNumbers numbers = new SequenceOperationNumbers(999_999_999L);

        assertThat(numbers.next().value()).isEqualTo("999999999");
        assertThatThrownBy(numbers::next).isInstanceOf(IllegalStateException.class).hasMessageContaining("does not cycle");
        assertThatThrownBy(numbers::next).isInstanceOf(IllegalStateException.class);
    }
}
