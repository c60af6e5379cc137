package dev.cobro.adapters.persistence.entity;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A text column never receives a NUL, which PostgreSQL text cannot hold; any other text is written as it is. */
class NulSafeTextTest {

    @Test
    void aNulIsWrittenAsItsSixCharacterEscapeAndAnyOtherTextAsItIs() {
        String plain = "Pay-me: operación \u00e9 \t aprobada";

        assertThat(NulSafeText.safe(null)).isNull();
        assertThat(NulSafeText.safe("")).isEmpty();
        assertThat(NulSafeText.safe(plain)).isSameAs(plain);
        assertThat(NulSafeText.safe("\0")).isEqualTo("\\u0000");
        assertThat(NulSafeText.safe("a\0b\0")).isEqualTo("a\\u0000b\\u0000");
        assertThat(new NulSafeText().convertToDatabaseColumn("x\0")).isEqualTo("x\\u0000");
    }
}
