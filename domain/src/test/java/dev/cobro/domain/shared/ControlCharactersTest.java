package dev.cobro.domain.shared;

import dev.cobro.domain.payment.CustomerId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** PostgreSQL text cannot hold NUL and no provider field takes a control character: refused as input. */
class ControlCharactersTest {

    @Test
    void aUrlWithANulCharacterIsInvalidInputNamingItsField() {
        assertThatThrownBy(() -> HttpUrl.of("notification_url", "https://shop.example/\u0000notify"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("notification_url")
                .hasMessageContaining("control characters");
    }

    @Test
    void aCustomerIdWithANewlineIsInvalidInput() {
        assertThatThrownBy(() -> new CustomerId("cust\n42"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("customer_id: must not contain control characters");
    }
}
