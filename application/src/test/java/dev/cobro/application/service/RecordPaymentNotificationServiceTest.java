package dev.cobro.application.service;

import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.fakes.FakeNotificationAuthenticity;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static dev.cobro.application.fakes.FakeCheckoutProvider.notificationBody;
import static dev.cobro.application.fakes.FakeNotificationAuthenticity.proofOf;
import static dev.cobro.application.fakes.PaymentBuilder.aPayment;
import static org.assertj.core.api.Assertions.assertThat;

class RecordPaymentNotificationServiceTest {

    private final ServiceFixture f = new ServiceFixture();
    private RecordPaymentNotificationService recording = f.recordNotification;

    // ----- layer 1: Cobro's signed URL, the default -----

    @Test
    void aSignedNotificationWhoseBodyMatchesItsPaymentSettlesIt() {
        Payment payment = awaitingCustomer("100.00");

        // 88Pay sends "100" for 100.00: compared numerically.
        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(n.paymentId()).isEqualTo(payment.id());
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(f.payments.notificationsOf(payment.id())).extracting(PaymentNotification::id).containsExactly(n.id());
    }

    @Test
    void theProvidersReferenceMatchesTheSignedPaymentToo() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(null, payment.providerReference(), "COMPLETED", "100.00", "MXN"));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void onlyTheQueryStringTheHostWasCalledOnIsEnough() {
        Payment payment = awaitingCustomer("53.75");
        String url = f.notificationUrlOf(payment);

        PaymentNotification n = deliver(url.substring(url.indexOf('?') + 1),
                notificationBody(payment.providerSessionId(), null, "canceled", "53.75", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void aNotificationWithoutCobrosSignatureIsStoredUnverifiedAndChangesNothing() {
        Payment payment = awaitingCustomer("100.00");

        // The forgery: the session and a status, no amount, no URL, no bearer.
        PaymentNotification n = deliver(null, notificationBody(payment.providerSessionId(), null, "COMPLETED", null,
                null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(n.paymentId()).isNull();
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(f.payments.notifications()).extracting(PaymentNotification::outcome)
                .containsExactly(NotificationOutcome.UNVERIFIED);
    }

    @Test
    void aForgedCancellationCannotBlockTheGenuineCompletion() {
        Payment payment = awaitingCustomer("100.00");
        String genuine = notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null);

        PaymentNotification forged = deliver(null, notificationBody(payment.providerSessionId(), null, "canceled",
                "100", null));
        PaymentNotification real = deliver(f.notificationUrlOf(payment), genuine);

        assertThat(forged.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(real.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void anotherPaymentsSignatureOnThisPaymentsIdIsUnverified() {
        Payment victim = awaitingCustomer("500.00");
        Payment own = awaitingCustomer("1.00");
        String ownUrl = f.notificationUrlOf(own);
        String forgedUrl = ownUrl.replace(own.id().toString(), victim.id().toString());

        PaymentNotification n = deliver(forgedUrl,
                notificationBody(victim.providerSessionId(), null, "COMPLETED", "500.00", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(statusOf(victim)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aGoodSignatureWithAnotherAmountIsMismatched() {
        Payment own = awaitingCustomer("1.00");

        PaymentNotification n = deliver(f.notificationUrlOf(own),
                notificationBody(own.providerSessionId(), null, "COMPLETED", "500.00", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
        assertThat(n.paymentId()).isEqualTo(own.id());
        assertThat(n.detail()).contains("500.00");
        assertThat(statusOf(own)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aGoodSignatureOnABodyWithNoAmountIsMismatched() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "COMPLETED", null, null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aGoodSignatureOnAnotherSessionAndReferenceIsMismatched() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody("sess-of-someone-else", "ref-of-someone-else", "COMPLETED", "100.00", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
        assertThat(n.detail()).doesNotContain("sess-of-someone-else");
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aGoodSignatureWithAnotherCurrencyIsMismatched() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", "COP"));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aRepeatedNotificationIsADuplicateAndChangesNothingMore() {
        Payment payment = awaitingCustomer("100.00");
        String body = notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null);
        deliver(f.notificationUrlOf(payment), body);
        long version = f.payments.findById(payment.id()).orElseThrow().version();

        PaymentNotification repeat = deliver(f.notificationUrlOf(payment), body);

        assertThat(repeat.outcome()).isEqualTo(NotificationOutcome.DUPLICATE);
        Payment stored = f.payments.findById(payment.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.version()).isEqualTo(version);
        assertThat(f.payments.notificationsOf(payment.id())).extracting(PaymentNotification::outcome)
                .containsExactly(NotificationOutcome.APPLIED, NotificationOutcome.DUPLICATE);
    }

    @Test
    void aStatusCobroDoesNotKnowIsStoredIgnoredAndChangesNothing() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "PENDING_REVIEW", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(n.rawStatus()).isEqualTo("PENDING_REVIEW");
        assertThat(n.mappedStatus()).isNull();
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aMoveTheStateMachineForbidsChangesNothing() {
        Payment payment = awaitingCustomer("100.00");
        deliver(f.notificationUrlOf(payment), notificationBody(payment.providerSessionId(), null, "COMPLETED", "100",
                null));

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "FAILED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FAILED", "canceled"})
    void aVerifiedCompletionAfterAFailureOrCancellationSucceedsFlaggedLate(String first) {
        Payment payment = awaitingCustomer("100.00");
        String url = f.notificationUrlOf(payment);
        deliver(url, notificationBody(payment.providerSessionId(), null, first, "100", null));

        PaymentNotification n = deliver(url, notificationBody(payment.providerSessionId(), null, "COMPLETED", "100",
                null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        Payment stored = f.payments.findById(payment.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
    }

    @Test
    void aLateSuccessAfterExpiryIsAppliedAndFlagged() {
        Payment expired = aPayment().inStatus(PaymentStatus.EXPIRED).withSession("sess-late").build();
        f.payments.seed(expired);

        PaymentNotification n = deliver(f.notificationUrlOf(expired),
                notificationBody("sess-late", null, "COMPLETED", "100", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        Payment stored = f.payments.findById(expired.id()).orElseThrow();
        assertThat(stored.status()).isEqualTo(PaymentStatus.SUCCEEDED);
        assertThat(stored.flags()).containsExactly(PaymentFlag.LATE_NOTIFICATION);
    }

    @Test
    void anUnknownPaymentIsSettledByItsNotification() {
        f.checkout.willTimeOut();
        Payment payment = stored(f.startCheckout.start(aCheckoutCommand().withAmount("100.00").build()).payment());

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "COMPLETED", "100.00", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
    }

    @Test
    void checkoutsOfOneAmountShareASessionAndEachIsSettledByItsOwnNotification() {
        List<Payment> sameAmount = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            sameAmount.add(awaitingCustomer("100.00"));
        }
        assertThat(sameAmount).extracting(Payment::providerSessionId).containsOnly(sameAmount.get(0).providerSessionId());

        for (Payment payment : sameAmount.subList(0, 10)) {
            PaymentNotification n = deliver(f.notificationUrlOf(payment),
                    notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null));
            assertThat(n.paymentId()).isEqualTo(payment.id());
        }

        assertThat(sameAmount.subList(0, 10)).extracting(this::statusOf).containsOnly(PaymentStatus.SUCCEEDED);
        assertThat(sameAmount.subList(10, 20)).extracting(this::statusOf)
                .containsOnly(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aSignedBodyThatIsNoNotificationIsStoredIgnoredAsReceived() {
        Payment payment = awaitingCustomer("100.00");

        PaymentNotification n = deliver(f.notificationUrlOf(payment), "<html>hello</html>");

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(n.body()).isEqualTo("<html>hello</html>");
        assertThat(f.payments.notifications()).hasSize(1);
    }

    @Test
    void anUnsignedBodyThatIsNoNotificationIsStoredUnverified() {
        PaymentNotification n = deliver(null, "<html>hello</html>");

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(f.payments.notifications()).hasSize(1);
    }

    // ----- layer 2: the provider's own proof, when configured -----

    @Nested
    class WithTheProvidersProof {

        private final FakeNotificationAuthenticity proof = new FakeNotificationAuthenticity(ProviderId.EIGHTY_EIGHT_PAY);

        WithTheProvidersProof() {
            recording = f.recording(List.of(proof), false);
        }

        @Test
        void aSignedNotificationWithTheProviderProofSettlesThePayment() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(f.notificationUrlOf(payment),
                    notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null),
                    proofOf(payment.providerSessionId()));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        }

        @Test
        void thePayerWhoReadTheSignedUrlCannotSettleTheirOwnPaymentWithoutTheProof() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification none = deliver(f.notificationUrlOf(payment),
                    notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null));
            PaymentNotification wrong = deliver(f.notificationUrlOf(payment),
                    notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null),
                    "Bearer made-up");

            assertThat(none.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
            assertThat(wrong.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
            assertThat(wrong.detail()).contains("signed for payment " + payment.id());
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        }

        @Test
        void theProofDoesNotReplaceCobrosSignature() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(null,
                    notificationBody(payment.providerSessionId(), null, "COMPLETED", "100", null),
                    proofOf(payment.providerSessionId()));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        }
    }

    // ----- layer 3: a host that verifies upstream accepts unverified notifications -----

    @Nested
    class AcceptingUnverifiedNotifications {

        AcceptingUnverifiedNotifications() {
            recording = f.recording(List.of(), true);
        }

        @Test
        void withoutASignatureItMatchesOnTheProvidersReference() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(null, notificationBody(null, payment.providerReference(), "COMPLETED",
                    "100.00", "MXN"));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            assertThat(n.detail()).contains("accepted unverified");
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        }

        @Test
        void withoutASignatureOrReferenceItMatchesOnAUniqueSessionAndAmount() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(null, notificationBody(payment.providerSessionId(), null, "COMPLETED",
                    "100", null));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.APPLIED);
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.SUCCEEDED);
        }

        @Test
        void twoOpenPaymentsWithOneSessionAndAmountAreAmbiguousSoNeitherIsGuessed() {
            Payment one = awaitingCustomer("100.00");
            Payment other = awaitingCustomer("100");
            assertThat(other.providerSessionId()).isEqualTo(one.providerSessionId());

            PaymentNotification n = deliver(null, notificationBody(one.providerSessionId(), null, "COMPLETED", "100",
                    null));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNMATCHED);
            assertThat(statusOf(one)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            assertThat(statusOf(other)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        }

        @Test
        void aNotificationWithNoAmountNoLongerCountsAsAMatch() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(null, notificationBody(payment.providerSessionId(), null, "COMPLETED",
                    null, null));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNMATCHED);
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        }

        @Test
        void anAmountThatDiffersIsRejectedAndChangesNothing() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(null, notificationBody(null, payment.providerReference(), "COMPLETED",
                    "99.99", null));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.REJECTED);
            assertThat(n.detail()).contains("99.99");
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        }

        @Test
        void aSignedNotificationIsStillPinnedToItsPayment() {
            Payment payment = awaitingCustomer("100.00");

            PaymentNotification n = deliver(f.notificationUrlOf(payment),
                    notificationBody(payment.providerSessionId(), null, "COMPLETED", "250.00", null));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
            assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        }

        @Test
        void aNotificationNoPaymentMatchesIsStoredUnmatched() {
            awaitingCustomer("100.00");

            PaymentNotification n = deliver(null, notificationBody("sess-nobody", null, "COMPLETED", "100", null));

            assertThat(n.outcome()).isEqualTo(NotificationOutcome.UNMATCHED);
            assertThat(n.paymentId()).isNull();
        }
    }

    @Test
    void aNotificationWhoseValuesTheDatabaseRefusesIsStoredWithoutThemNotLost() {
        Payment payment = awaitingCustomer("100.00");
        f.payments.refuseNextWritesValue();

        PaymentNotification n = deliver(f.notificationUrlOf(payment),
                notificationBody(payment.providerSessionId(), null, "COMPLETED", "99", null));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.MISMATCHED);
        assertThat(n.amount()).isNull();
        assertThat(n.detail()).contains("the database refused a value read from its body");
        assertThat(f.payments.notificationsOf(payment.id())).extracting(PaymentNotification::id).containsExactly(n.id());
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    @Test
    void aBodyOverTheLimitIsNotParsedAndOnlyAnExcerptIsKept() {
        Payment payment = awaitingCustomer("100.00");
        RecordPaymentNotificationService small = new RecordPaymentNotificationService(f.checkoutProviders,
                f.payments, f.signer, List.of(), false, java.util.UUID::randomUUID, f.clock, 100);
        String body = notificationBody(payment.providerSessionId(), null, "COMPLETED", "100.00", null);
        String padded = body + ";padding=" + "z".repeat(5000);

        PaymentNotification n = small.record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                f.notificationUrlOf(payment), padded, Map.of()));

        assertThat(n.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(n.detail()).contains("larger than the limit of 100 bytes");
        assertThat(n.body()).hasSizeLessThanOrEqualTo(RecordPaymentNotificationService.EXCERPT_CHARACTERS);
        assertThat(n.bodyLength()).isEqualTo(padded.length());
        assertThat(n.bodySha256()).hasSize(64);
        assertThat(statusOf(payment)).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
    }

    private Payment awaitingCustomer(String amount) {
        PaymentView payment = f.startCheckout.start(aCheckoutCommand().withAmount(amount).build()).payment();
        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return stored(payment);
    }

    /** The stored payment: these tests play the provider, which knows the session id a view leaves out. */
    private Payment stored(PaymentView payment) {
        return f.payments.findById(payment.id()).orElseThrow();
    }

    private PaymentNotification deliver(String url, String body) {
        return recording.record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY, url, body, Map.of()));
    }

    private PaymentNotification deliver(String url, String body, String authorization) {
        return recording.record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY, url, body,
                Map.of("Authorization", authorization)));
    }

    private PaymentStatus statusOf(Payment payment) {
        return f.payments.findById(payment.id()).orElseThrow().status();
    }
}
