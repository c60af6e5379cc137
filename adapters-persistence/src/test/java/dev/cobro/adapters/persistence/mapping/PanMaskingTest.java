package dev.cobro.adapters.persistence.mapping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PanMaskingTest {

    @Test
    void aWholePanIsMaskedToItsFirstSixAndLastFour() {
        assertThat(PanMasking.neverWhole("4859510000000051")).isEqualTo("485951******0051");
        assertThat(PanMasking.neverWhole("card 4859510000000051 ok")).isEqualTo("card 485951******0051 ok");
    }

    @Test
    void anAlreadyMaskedPanOrShortNumberIsKeptAsItIs() {
        assertThat(PanMasking.neverWhole("485951******0051")).isEqualTo("485951******0051");
        assertThat(PanMasking.neverWhole("123456789012")).isEqualTo("123456789012");
        assertThat(PanMasking.neverWhole(null)).isNull();
    }
}
