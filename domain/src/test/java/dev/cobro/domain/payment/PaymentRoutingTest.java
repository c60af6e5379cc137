package dev.cobro.domain.payment;

import dev.cobro.domain.TestData;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.IllegalTransitionException;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.cobro.domain.TestData.T0;
import static dev.cobro.domain.TestData.clockAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A routed payment moves to another provider only from NOT_SENT, and a named one never does. */
class PaymentRoutingTest {

    static final ProviderId ALPHA = ProviderId.of("alpha");
    static final ProviderId BETA = ProviderId.of("beta");

    static Payment routed() {
        return Payment.route(new PaymentId(UUID.randomUUID()), ALPHA, AccountId.DEFAULT,
                new MerchantReference("order-1001"), TestData.checkoutDetails(), "fp", clockAt(T0));
    }

    @Test
    void aRoutedPaymentNothingReachedMovesToTheNextProviderAndSaysWhichItLeft() {
        Payment payment = routed();
        payment.useSession("sess-1");
        payment.notSent("connection refused", clockAt(T0));

        payment.reroute(BETA, AccountId.of("mex"), clockAt(T0));

        assertThat(payment.isRouted()).isTrue();
        assertThat(payment.flags()).contains(PaymentFlag.ROUTED);
        assertThat(payment.status()).isEqualTo(PaymentStatus.REQUESTED);
        assertThat(payment.provider()).isEqualTo(BETA);
        assertThat(payment.account()).isEqualTo(AccountId.of("mex"));
        assertThat(payment.providerSessionId()).isNull();
        assertThat(payment.statusChanges().get(payment.statusChanges().size() - 1).reason())
                .isEqualTo("routed to beta account mex after nothing reached alpha account default");
    }

    @Test
    void neverAfterUnknownOrACreatedCheckout() {
        Payment unknown = routed();
        unknown.unknown("read timed out", clockAt(T0));
        assertThatThrownBy(() -> unknown.reroute(BETA, AccountId.DEFAULT, clockAt(T0)))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(unknown.provider()).isEqualTo(ALPHA);

        Payment created = routed();
        created.awaitCustomer("sess-1", "ref-1", "https://pay.example/1", false, clockAt(T0));
        assertThatThrownBy(() -> created.reroute(BETA, AccountId.DEFAULT, clockAt(T0)))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aPaymentThatNamedItsProviderIsNeverRouted() {
        Payment named = Payment.request(new PaymentId(UUID.randomUUID()), ALPHA, new MerchantReference("order-1002"),
                TestData.checkoutDetails(), "fp", clockAt(T0));
        named.notSent("connection refused", clockAt(T0));

        assertThatThrownBy(() -> named.reroute(BETA, AccountId.DEFAULT, clockAt(T0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("named its provider");
        assertThat(named.flags()).doesNotContain(PaymentFlag.ROUTED);
    }
}
