package dev.cobro.bootstrap.routing;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.fakes.CheckoutCommandBuilder;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.in.AttemptView;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Routing with safe fallback, over real HTTP (the testkit's 88Pay and Mercado Pago sandboxes, and a
 * closed port for a provider that cannot be reached) and PostgreSQL: a checkout that names no
 * provider goes to the next provider of its country's route only when nothing reached the previous
 * one, as attempts of one payment; never after UNKNOWN; a replay answers the record.
 */
class CheckoutRoutingIT {

    static final ProviderId EIGHTY_EIGHT_PAY = ProviderId.of("88pay");
    static final ProviderId MERCADO_PAGO = ProviderId.of("mercadopago");

    static ControllableClock clock;
    static ProviderSandbox sandbox;
    static MercadoPagoSimulator mp;
    static TestDatabase.Handle db;
    static String closedUrl;

    @BeforeAll
    static void start() throws IOException {
        clock = new ControllableClock(Instant.parse("2026-03-02T12:00:00Z"));
        // The sandbox holds a TIMEOUT fault's answer far past the impatient read timeout below.
        sandbox = ProviderSandbox.builder().port(0).clock(clock).mercadoPagoTimeoutDelay(Duration.ofSeconds(20))
                .start();
        mp = sandbox.mercadoPago();
        db = TestDatabase.freshDatabase();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedUrl = "http://127.0.0.1:" + socket.getLocalPort();
        }
        // Migrates once; the Cobros of the tests share the database.
        Cobro.builder().dataSource(db.dataSource()).clock(clock).build().close();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static EightyEightPaySettings eightyEightPay(String baseUrl) {
        return EightyEightPaySettings.defaults(baseUrl, ProviderSandbox.DEFAULT_88PAY_API_KEY,
                        ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                .withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET)
                .withTimeouts(new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)));
    }

    static MercadoPagoSettings mercadoPago(String baseUrl, Duration readTimeout) {
        return MercadoPagoSettings.defaults(baseUrl, ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN)
                .withWebhookSecret(ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET)
                .withTimeouts(new HttpTimeouts(Duration.ofSeconds(10), readTimeout));
    }

    static Cobro.Builder cobro() {
        return Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false);
    }

    static CheckoutCommandBuilder routed() {
        return aCheckoutCommand().withProvider(null).withMerchantReference("routed-" + UUID.randomUUID());
    }

    @Test
    void aRoutedCheckoutFallsBackWhenTheFirstProviderCannotBeReachedAndAReplayAnswersTheRecord() throws Exception {
        try (Cobro cobro = cobro().eightyEightPay(eightyEightPay(closedUrl))
                .mercadoPago(mercadoPago(sandbox.mercadoPagoBaseUrl(), Duration.ofSeconds(30)))
                .routing("MEX", "88pay", "mercadopago").build()) {
            StartCheckoutPaymentCommand command = routed().build();
            long preferences = mp.preferenceRequests();

            CheckoutPaymentResult result = cobro.checkoutPayments().start(command);

            assertThat(result).isInstanceOf(CheckoutPaymentResult.Created.class);
            assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            assertThat(result.payment().provider()).isEqualTo(MERCADO_PAGO);
            assertThat(result.payment().flags()).contains(PaymentFlag.ROUTED);
            assertThat(result.triedProviders()).containsExactly(EIGHTY_EIGHT_PAY, MERCADO_PAGO);
            assertThat(mp.preferenceRequests()).isEqualTo(preferences + 1);
            TransactionRecord record = cobro.history().findById(result.payment().id().value()).orElseThrow();
            assertThat(record.provider()).isEqualTo(MERCADO_PAGO);
            assertThat(record.attempts()).extracting(AttemptView::provider, AttemptView::status)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(EIGHTY_EIGHT_PAY, AttemptStatus.NOT_SENT),
                            org.assertj.core.groups.Tuple.tuple(MERCADO_PAGO, AttemptStatus.SUCCEEDED));
            assertThat(result.payment().statusChanges()).extracting(change -> change.reason())
                    .anySatisfy(reason -> assertThat(reason).startsWith("routed to mercadopago"));

            CheckoutPaymentResult replay = cobro.checkoutPayments().start(command);

            assertThat(replay).isInstanceOf(CheckoutPaymentResult.Replayed.class);
            assertThat(replay.payment().id()).isEqualTo(result.payment().id());
            assertThat(replay.payment().checkoutUrl()).isEqualTo(result.payment().checkoutUrl());
            assertThat(replay.triedProviders()).containsExactly(EIGHTY_EIGHT_PAY, MERCADO_PAGO);
            assertThat(mp.preferenceRequests()).as("the replay sends nothing").isEqualTo(preferences + 1);
            assertThat(rowsWithReference(command.merchantReference().value())).isEqualTo(1);
        }
    }

    @Test
    void aRoutedCheckoutFallsBackAfterANotSentChargeAndANamedCheckoutIsNeverRouted() {
        try (Cobro cobro = cobro().eightyEightPay(eightyEightPay(sandbox.eightyEightPayBaseUrl()))
                .mercadoPago(mercadoPago(closedUrl, Duration.ofSeconds(30)))
                .routing("MEX", "mercadopago", "88pay").build()) {
            long charges = sandbox.charges88Pay();

            CheckoutPaymentResult named = cobro.checkoutPayments().start(routed().withProvider("mercadopago").build());

            assertThat(named.payment().status()).isEqualTo(PaymentStatus.NOT_SENT);
            assertThat(named.payment().provider()).isEqualTo(MERCADO_PAGO);
            assertThat(named.payment().flags()).doesNotContain(PaymentFlag.ROUTED);
            assertThat(named.triedProviders()).containsExactly(MERCADO_PAGO);
            assertThat(sandbox.charges88Pay()).as("a named checkout is not routed").isEqualTo(charges);

            CheckoutPaymentResult routed = cobro.checkoutPayments().start(routed().build());

            assertThat(routed.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            assertThat(routed.payment().provider()).isEqualTo(EIGHTY_EIGHT_PAY);
            assertThat(routed.triedProviders()).containsExactly(MERCADO_PAGO, EIGHTY_EIGHT_PAY);
            assertThat(sandbox.charges88Pay()).isEqualTo(charges + 1);
        }
    }

    @Test
    void aRoutedCheckoutNeverFallsBackAfterUnknown() {
        try (Cobro cobro = cobro().eightyEightPay(eightyEightPay(sandbox.eightyEightPayBaseUrl()))
                .mercadoPago(mercadoPago(sandbox.mercadoPagoBaseUrl(), Duration.ofSeconds(2)))
                .routing("MEX", "mercadopago", "88pay").build()) {
            StartCheckoutPaymentCommand command = routed().build();
            long charges = sandbox.charges88Pay();
            long tokens = sandbox.tokenRequests88Pay();
            mp.inject("POST", "/checkout/preferences", MercadoPagoSimulator.Fault.TIMEOUT, 1);
            long preferences;
            try {
                CheckoutPaymentResult result = cobro.checkoutPayments().start(command);
                preferences = mp.preferenceRequests();

                assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
                assertThat(result.payment().provider()).isEqualTo(MERCADO_PAGO);
                assertThat(result.triedProviders()).containsExactly(MERCADO_PAGO);
            } finally {
                mp.clearFaults();
            }
            assertThat(sandbox.charges88Pay()).as("88Pay received no charge").isEqualTo(charges);
            assertThat(sandbox.tokenRequests88Pay()).as("88Pay received nothing at all").isEqualTo(tokens);

            CheckoutPaymentResult replay = cobro.checkoutPayments().start(command);

            assertThat(replay).isInstanceOf(CheckoutPaymentResult.Replayed.class);
            assertThat(replay.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
            assertThat(replay.triedProviders()).containsExactly(MERCADO_PAGO);
            assertThat(mp.preferenceRequests()).isEqualTo(preferences);
            assertThat(sandbox.charges88Pay()).isEqualTo(charges);
        }
    }

    @Test
    void aCheckoutNamingNoProviderForACountryWithoutARouteIsAClearError() {
        try (Cobro cobro = cobro().eightyEightPay(eightyEightPay(sandbox.eightyEightPayBaseUrl()))
                .mercadoPago(mercadoPago(sandbox.mercadoPagoBaseUrl(), Duration.ofSeconds(30)))
                .routing("COL", "88pay", "mercadopago").build()) {
            assertThatThrownBy(() -> cobro.checkoutPayments().start(routed().build()))
                    .isInstanceOf(ProviderNotConfiguredException.class)
                    .hasMessageContaining("names no provider and country MEX has no route")
                    .hasMessageContaining("COBRO_ROUTES_MEX");
        }
    }

    /**
     * Without a route, the one provider serving the country is the checkout's, as if named, keyed as a
     * named one: the same request naming it is a replay.
     */
    @Test
    void aCountryServedByOneProviderOnlyNeedsNoRouteAndIsKeyedAsIfNamed() {
        try (Cobro cobro = cobro().mercadoPago(mercadoPago(sandbox.mercadoPagoBaseUrl(), Duration.ofSeconds(30)))
                .build()) {
            StartCheckoutPaymentCommand unnamed = routed().build();
            CheckoutPaymentResult result = cobro.checkoutPayments().start(unnamed);
            CheckoutPaymentResult named = cobro.checkoutPayments().start(routed().withProvider("mercadopago")
                    .withMerchantReference(unnamed.merchantReference().value()).build());

            assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            assertThat(result.payment().provider()).isEqualTo(MERCADO_PAGO);
            assertThat(result.payment().flags()).doesNotContain(PaymentFlag.ROUTED);
            assertThat(named).isInstanceOf(CheckoutPaymentResult.Replayed.class);
            assertThat(named.payment().id()).isEqualTo(result.payment().id());
        }
    }

    @Test
    void aRouteNamingAProviderThatIsNotConfiguredFailsTheBuild() {
        assertThatThrownBy(() -> cobro().mercadoPago(mercadoPago(sandbox.mercadoPagoBaseUrl(), Duration.ofSeconds(30)))
                .routing("MEX", "mercadopago", "stripe").build())
                .isInstanceOf(ProviderNotConfiguredException.class)
                .hasMessageContaining("the route of MEX names provider 'stripe'")
                .hasMessageContaining("[mercadopago]");
    }

    @Test
    void theDatabaseKeepsOneRoutedPaymentPerMerchantReference() throws Exception {
        try (Cobro cobro = cobro().mercadoPago(mercadoPago(sandbox.mercadoPagoBaseUrl(), Duration.ofSeconds(30)))
                .routing("MEX", "mercadopago").build()) {
            StartCheckoutPaymentCommand first = routed().build();
            cobro.checkoutPayments().start(first);
            try (Connection c = db.dataSource().getConnection()) {
                try (PreparedStatement copy = c.prepareStatement("CREATE TEMP TABLE copied AS SELECT * FROM"
                        + " cobro.checkout_payment WHERE merchant_reference = ?")) {
                    copy.setString(1, first.merchantReference().value());
                    copy.executeUpdate();
                }
                try (var sql = c.createStatement()) {
                    // Another provider's row: a routed reference is one payment whatever provider serves it.
                    sql.executeUpdate("UPDATE copied SET id = '00000000-0000-0000-0000-00000000c0b0',"
                            + " provider = '88pay', provider_reference = NULL, checkout_url = NULL");
                    assertThatThrownBy(() -> sql.executeUpdate("INSERT INTO cobro.checkout_payment SELECT * FROM copied"))
                            .isInstanceOf(SQLException.class)
                            .hasMessageContaining("uq_checkout_payment_routed_reference");
                }
            }
        }
    }

    private static int rowsWithReference(String reference) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement count = c.prepareStatement(
                     "SELECT count(*) FROM cobro.checkout_payment WHERE merchant_reference = ?")) {
            count.setString(1, reference);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
