package dev.cobro.application.service;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static dev.cobro.application.fakes.FakeCheckoutProvider.notificationBody;
import static dev.cobro.application.fakes.PaymentBuilder.aPayment;
import static org.assertj.core.api.Assertions.assertThat;

class RecordPaymentNotificationServiceTest {

    private final ServiceFixture f = new ServiceFixture();

    @Test
    void aNotificationMatchesOnTheProvidersReference() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = notify(notificationBody(null, payment.providerReference(), "COMPLETED", "100.00", "MXN"));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(n.paymentId()).isEqualTo(payment.id());
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(f.payments.notificationsOf(payment.id())).extracting(PaymentNotification::id).containsExactly(n.id());
    }

    @Test
    void withoutAReferenceItMatchesOnSessionAndAmountComparedNumerically() {
        Payment payment = awaitingCustomer("100.00");

        // 88Pay sends "100" for 100.00.
        PaymentNotification n = notify(notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void eightyEightPaysCanceledSpellingCancelsThePayment() {
        Payment payment = awaitingCustomer("53.75");

        PaymentNotification n = notify(notificationBody(payment.providerSessionId(), null, "canceled", "53.75", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void aStatusCobroDoesNotKnowIsStoredIgnoredAndChangesNothing() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = notify(notificationBody(payment.providerSessionId(), null, "PENDING_REVIEW", "100",
                null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(n.rawStatus()).isEqualTo("PENDING_REVIEW");
        assertThat(n.mappedStatus()).isNull();
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(f.payments.notifications()).extracting(PaymentNotification::outcome)
                .containsExactly(NotificationOutcome.IGNORED);
    }

    @Test
    void anAmountThatDiffersIsRejectedAndChangesNothing() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = notify(notificationBody(null, payment.providerReference(), "COMPLETED", "99.99", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.REJECTED);
        assertThat(n.detail()).contains("99.99");
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aCurrencyThatDiffersIsRejected() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = notify(notificationBody(null, payment.providerReference(), "COMPLETED", "100", "COP"));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.REJECTED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aRepeatedNotificationIsADuplicateAndChangesNothingMore() {
        Payment payment = awaitingCustomer("100.00");
        String body = notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null);
        notify(body);
        long version = f.payments.findById(payment.id()).orElseThrow().version();

        PaymentNotification repeat = notify(body);

        assertThat(repeat.outcome()).isEqualTo(NotificationOutcome.DUPLICATE);
        Payment stored = f.payments.findById(payment.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.version()).isEqualTo(version);
        assertThat(f.payments.notificationsOf(payment.id())).extracting(PaymentNotification::outcome)
                .containsExactly(NotificationOutcome.APPLIED, NotificationOutcome.DUPLICATE);
    }

    @Test
    void aNotificationNoPaymentMatchesIsStoredUnmatched() {
        awaitingCustomer("100.00");

        PaymentNotification n = notify(notificationBody("sess-nobody", null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNMATCHED);
        assertThat(n.paymentId()).isNull();
        assertThat(f.payments.notifications()).extracting(PaymentNotification::id).containsExactly(n.id());
    }

    @Test
    void twoOpenPaymentsNeverShareSessionAndAmountSoTheMatchIsUnique() {
        Payment first = awaitingCustomer("100.00");
        Payment second = awaitingCustomer("100");
        assertThat(second.providerSessionId()).isNotEqualTo(first.providerSessionId());

        PaymentNotification n = notify(notificationBody(first.providerSessionId(), null, "COMPLETED", "100", null));

        assertThat(n.paymentId()).isEqualTo(first.id());
        assertThat(statusOf(first)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(statusOf(second)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void ifTwoOpenPaymentsDidShareSessionAndAmountNeitherWouldBeGuessed() {
        Payment one = aPayment().withSession("sess-legacy").build();
        Payment other = aPayment().withSession("sess-legacy").build();
        f.payments.seed(one);
        f.payments.seed(other);

        PaymentNotification n = notify(notificationBody("sess-legacy", null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNMATCHED);
        assertThat(statusOf(one)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(statusOf(other)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void anUnknownPaymentIsSettledByItsNotification() {
        f.checkout.willTimeOut();
        Payment payment = f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build()).payment();

        PaymentNotification n = notify(notificationBody(payment.providerSessionId(), null, "COMPLETED", "100.00",
                null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aLateSuccessAfterExpiryIsAppliedAndFlagged() {
        Payment expired = aPayment().inStatus(PaymentStatus.EXPIRED).withSession("sess-late").build();
        f.payments.seed(expired);

        PaymentNotification n = notify(notificationBody("sess-late", null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        Payment stored = f.payments.findById(expired.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
    }

    @Test
    void aMoveTheStateMachineForbidsChangesNothing() {
        Payment payment = awaitingCustomer("100.00");
        notify(notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null));

        PaymentNotification n = notify(notificationBody(payment.providerSessionId(), null, "FAILED", "100", null));

        assertThat(n.outcome()).isIn(NotificationOutcome.UNMATCHED, NotificationOutcome.IGNORED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void aNotificationThatFailsTheAuthenticityCheckIsStoredRejected() {
        Payment payment = awaitingCustomer("100.00");
        f.authenticity.refuseAll();

        PaymentNotification n = notify(notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.REJECTED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(f.payments.notifications()).hasSize(1);
    }

    @Test
    void aBodyThatIsNoNotificationIsStoredIgnoredAsReceived() {
        PaymentNotification n = notify("<html>hello</html>");

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(n.body()).isEqualTo("<html>hello</html>");
        assertThat(f.payments.notifications()).hasSize(1);
    }

    private Payment awaitingCustomer(String amount) {
        Payment payment = f.startCheckout.start(aCheckoutCommand().withAmount(amount).build()).payment();
        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return payment;
    }

    private PaymentNotification notify(String body) {
        return f.recordNotification.record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY, body,
                Map.of("authorization", "Bearer encrypted")));
    }

    private PaymentStatus statusOf(Payment payment) {
        return f.payments.findById(payment.id()).orElseThrow().status();
    }
}
