package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook input is bounded before anything is parsed or stored, over real HTTP to the provider
 * sandbox and real PostgreSQL: an amount is read under Money's bounds (an exponent is refused, not
 * expanded, and never reaches the database), a body over the size limit is not read, and what is kept
 * of an unproven notification is an excerpt with the body's length and SHA-256.
 */
class NotificationBoundsIT {

    static ControllableClock clock;
    static ProviderSandbox sandbox;
    static TestDatabase.Handle db;
    static Cobro cobro;

    @BeforeAll
    static void start() {
        clock = new ControllableClock(Instant.parse("2026-03-02T12:00:00Z"));
        sandbox = ProviderSandbox.builder().port(0).clock(clock).start();
        db = TestDatabase.freshDatabase();
        cobro = Cobro.builder().dataSource(db.dataSource()).clock(clock)
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                .build();
    }

    @AfterAll
    static void stop() {
        if (cobro != null) {
            cobro.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** The amount as a JSON string and as a JSON number: both are read under the same bounds. */
    @ParameterizedTest
    @ValueSource(strings = {"\"1e-1000000\"", "\"1e-16384\"", "\"1e1000000\"", "1e-1000000", "1e-16384", "1e1000000"})
    void anAmountWithAHugeExponentIsAStoredRejectionWithItsReason(String amount) throws Exception {
        PaymentView payment = checkout("100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        String body = withAmount(genuine.body(), amount);

        // On Cobro's signed URL: read, judged, stored; nothing thrown, nothing expanded, nothing moved.
        PaymentNotification signed = record(genuine.url(), body);
        // Without the signature: the same reason, beside the missing signature.
        PaymentNotification unsigned = record(withoutQuery(genuine.url()), body);

        assertThat(signed.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(signed.detail()).contains("transaction_amount", "out of range");
        assertThat(unsigned.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(unsigned.detail()).contains("transaction_amount", "out of range");
        for (PaymentNotification notification : new PaymentNotification[] {signed, unsigned}) {
            assertThat(notification.amount()).isNull();
            try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                    "select amount, detail from cobro.payment_notification where id = ?")) {
                st.setObject(1, notification.id());
                try (ResultSet rs = st.executeQuery()) {
                    assertThat(rs.next()).as("the notification is stored").isTrue();
                    assertThat(rs.getBigDecimal(1)).isNull();
                    assertThat(rs.getString(2)).contains("out of range");
                }
            }
        }
        assertThat(statusOf(payment)).isEqualTo("AWAITING_CUSTOMER");
    }

    @Test
    void aBodyOverTheLimitIsNotReadAndOnlyItsExcerptLengthAndSha256AreStored() throws Exception {
        PaymentView payment = checkout("100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        // The genuine notification, signed, padded past 64 KiB: it is not read, so it settles nothing.
        String body = genuine.body().replaceFirst("\\{", "{\"padding\":\"" + "x".repeat(200_000) + "\",");

        PaymentNotification notification = record(genuine.url(), body);

        assertThat(notification.outcome()).isEqualTo(NotificationOutcome.IGNORED);
        assertThat(notification.detail()).contains("larger than the limit of 65536 bytes");
        assertThat(statusOf(payment)).isEqualTo("AWAITING_CUSTOMER");
        assertStoredBounded(notification, body);
    }

    @Test
    void anUnverifiedNotificationUnderTheLimitKeepsOnlyAnExcerptWithItsLengthAndSha256() throws Exception {
        PaymentView payment = checkout("100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        String body = genuine.body().replaceFirst("\\{", "{\"padding\":\"" + "y".repeat(20_000) + "\",");

        PaymentNotification notification = record(withoutQuery(genuine.url()), body);

        assertThat(notification.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertStoredBounded(notification, body);
    }

    @Test
    void aProvenNotificationKeepsItsWholeBody() throws Exception {
        PaymentView payment = checkout("100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");

        PaymentNotification notification = record(genuine.url(), genuine.body());

        assertThat(notification.outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(storedBodyLength(notification)).isEqualTo(notification.body().length());
        assertThat(notification.bodyLength()).isEqualTo(genuine.body().getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void unprovenNotificationsArePrunedAfterThirtyDaysAndAPaymentsNotificationsStay() throws Exception {
        PaymentView payment = checkout("100.00");
        SandboxNotification genuine = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        PaymentNotification forged = record(withoutQuery(genuine.url()), genuine.body());
        PaymentNotification applied = record(genuine.url(), genuine.body());
        assertThat(forged.outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(applied.outcome()).isEqualTo(NotificationOutcome.APPLIED);

        clock.advance(java.time.Duration.ofDays(30));
        PaymentNotification recent = record(withoutQuery(genuine.url()), genuine.body());
        assertThat(cobro.notificationPruning().pruneUnproven()).as("nothing is 30 days old yet").isZero();
        clock.advance(java.time.Duration.ofSeconds(1));
        long pruned = cobro.notificationPruning().pruneUnproven();

        assertThat(pruned).isPositive();
        assertThat(stored(forged)).as("the UNVERIFIED notification older than 30 days").isFalse();
        assertThat(stored(recent)).as("the UNVERIFIED notification of a second ago").isTrue();
        assertThat(stored(applied)).as("the payment's notification").isTrue();
    }

    private static boolean stored(PaymentNotification notification) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "select count(*) from cobro.payment_notification where id = ?")) {
            st.setObject(1, notification.id());
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private static void assertStoredBounded(PaymentNotification notification, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "select length(body), body_length, body_sha256 from cobro.payment_notification where id = ?")) {
            st.setObject(1, notification.id());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).as("the notification is stored").isTrue();
                assertThat(rs.getInt(1)).as("characters of the stored body").isBetween(1, 4096);
                assertThat(rs.getLong(2)).isEqualTo(bytes.length);
                assertThat(rs.getString(3)).isEqualTo(
                        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
            }
        }
    }

    private static int storedBodyLength(PaymentNotification notification) throws Exception {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = c.prepareStatement(
                "select length(body) from cobro.payment_notification where id = ?")) {
            st.setObject(1, notification.id());
            try (ResultSet rs = st.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static PaymentNotification record(String url, String body) {
        return cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY, url,
                body, java.util.Map.of("content-type", "application/json")));
    }

    /** The body with its transaction_amount replaced by {@code amount}, a JSON value as written. */
    private static String withAmount(String body, String amount) {
        String replaced = body.replaceFirst("\"transaction_amount\"\\s*:\\s*(\"[^\"]*\"|[0-9.eE+-]+)",
                "\"transaction_amount\":" + java.util.regex.Matcher.quoteReplacement(amount));
        assertThat(replaced).as("the sandbox's body carries transaction_amount").isNotEqualTo(body);
        return replaced;
    }

    private static PaymentView checkout(String amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference("bounds-" + UUID.randomUUID()).withAmount(amount)
                .withNotificationUrl("https://shop.example/webhooks/88pay").build());
        assertThat(result.payment().status().name()).isEqualTo("AWAITING_CUSTOMER");
        return result.payment();
    }

    private static String statusOf(PaymentView payment) {
        return cobro.history().findById(payment.id().value()).orElseThrow().status().name();
    }

    private static String withoutQuery(String url) {
        return url.substring(0, url.indexOf('?'));
    }
}
