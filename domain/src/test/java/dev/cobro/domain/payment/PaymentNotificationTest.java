package dev.cobro.domain.payment;

import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.UUID;

import static dev.cobro.domain.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

class PaymentNotificationTest {

    @Test
    void itsTextShowsNeitherTheSessionNorTheBodyThatCarriesIt() {
        PaymentNotification notification = new PaymentNotification(UUID.randomUUID(), ProviderId.EIGHTY_EIGHT_PAY, T0,
                "sess_secret-window", "ref-1", "COMPLETED", PaymentStatus.SUCCEEDED, new BigDecimal("100.00"), "MXN",
                "{\"transaction_id\":\"sess_secret-window\"}", NotificationOutcome.APPLIED, null, "settled");

        assertThat(notification.toString()).doesNotContain("sess_secret-window").contains("APPLIED", "100.00");
    }
}
