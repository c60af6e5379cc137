package dev.cobro.adapters.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PansTest {

    @Test
    void aWholePanIsMaskedToItsFirstSixAndLastFour() {
        assertThat(Pans.neverWhole("4859510000000051")).isEqualTo("485951******0051");
        assertThat(Pans.neverWhole("card 4859510000000051 ok")).isEqualTo("card 485951******0051 ok");
    }

    @Test
    void anAlreadyMaskedPanOrShortNumberIsKeptAsItIs() {
        assertThat(Pans.neverWhole("485951******0051")).isEqualTo("485951******0051");
        assertThat(Pans.neverWhole("123456789012")).isEqualTo("123456789012");
        assertThat(Pans.neverWhole(null)).isNull();
    }
}
