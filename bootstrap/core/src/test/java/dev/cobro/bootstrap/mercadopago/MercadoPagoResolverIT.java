package dev.cobro.bootstrap.mercadopago;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Missed Mercado Pago webhooks found by the resolver, over real HTTP (the testkit's sandbox) and
 * PostgreSQL: past the lookup delay it searches the payments of each open checkout by
 * external_reference and settles it as a confirmed notification would; a checkout whose creation
 * went unanswered is settled from a payment found, or sent again under the same idempotency key when
 * there is none. 88Pay cannot be asked: its checkouts are left to their notification or expiry.
 */
class MercadoPagoResolverIT extends MercadoPagoFixture {

    static final Duration LOOKUP_DELAY = Duration.ofMinutes(10);
    static final Duration PAST_LOOKUP_DELAY = LOOKUP_DELAY.plusSeconds(1);

    @BeforeAll
    static void start() {
        startSandbox();
        cobro = Cobro.builder().dataSource(db.dataSource()).clock(clock).meterRegistry(registry)
                .mercadoPago(settings())
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                .resolverSettings(ResolverSettings.DEFAULTS.withOpenCheckoutLookupDelay(LOOKUP_DELAY))
                .build();
    }

    static MercadoPagoSettings settings() {
        return MercadoPagoHost.settings(sandbox, Duration.ofSeconds(30));
    }

    @Test
    void aLostWebhookIsFoundByTheResolverPastTheDelayAndSettlesTheCheckout() {
        PaymentView payment = checkout("100.00");
        mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED, MercadoPagoSimulator.Webhook.DROPPED);
        long searches = mp.searchRequests();
        double resolverChanges = resolverChanges("SUCCEEDED");

        clock.advance(LOOKUP_DELAY.minusSeconds(1));
        assertThat(changesOf(payment, resolve())).isEmpty();
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.AWAITING_CUSTOMER);

        clock.advance(Duration.ofSeconds(2));
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(tuple(TransactionStatus.AWAITING_CUSTOMER, TransactionStatus.SUCCEEDED));
        assertThat(mp.searchRequests()).isGreaterThan(searches);
        TransactionRecord record = record(payment);
        assertThat(record.status()).isEqualTo(TransactionStatus.SUCCEEDED);
        assertThat(record.statusChanges().get(record.statusChanges().size() - 1).reason())
                .contains("no notification came").contains("approved");
        assertThat(eventsOf(payment)).extracting(OutcomeEvent::to).endsWith("SUCCEEDED");
        assertThat(resolverChanges("SUCCEEDED")).isEqualTo(resolverChanges + 1);
    }

    @Test
    void aSearchShowingOnlyARejectedPaymentLeavesTheCheckoutOpen() {
        PaymentView payment = checkout("120.00");
        mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.REJECTED, MercadoPagoSimulator.Webhook.DROPPED);
        long searches = mp.searchRequests();

        clock.advance(PAST_LOOKUP_DELAY);
        ResolutionReport report = resolve();

        assertThat(mp.searchRequests()).isGreaterThan(searches);
        assertThat(changesOf(payment, report)).isEmpty();
        assertThat(problemsOf(payment, report)).isEmpty();
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
        assertThat(record(payment).attempts()).hasSize(1);

        // The customer tries again and is approved; that webhook is lost too: the next mark finds it.
        mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED, MercadoPagoSimulator.Webhook.DROPPED);
        clock.advance(LOOKUP_DELAY.multipliedBy(2));
        assertThat(changesOf(payment, resolve())).extracting(ResolutionReport.Change::to)
                .containsExactly(TransactionStatus.SUCCEEDED);
    }

    @Test
    void anApprovedPaymentOfAnotherAmountUnderTheSameReferenceMovesNothing() throws Exception {
        PaymentView payment = checkout("100.00");
        // A preference Cobro never made, naming this payment as its external_reference, paid for 90.00.
        String other = createPreference(payment.id().value().toString(), "90.00");
        mp.pay(other, MercadoPagoSimulator.Outcome.APPROVED, MercadoPagoSimulator.Webhook.DROPPED);

        clock.advance(PAST_LOOKUP_DELAY);
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).isEmpty();
        assertThat(problemsOf(payment, report)).singleElement().asString()
                .contains("was not taken").contains("amount 90").contains("nothing changes");
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
    }

    @Test
    void anUnknownPreferenceCreationWithNoPaymentIsSentAgainUnderTheSameKeyAndMakesOnePreference() {
        StartCheckoutPaymentCommand command = command("130.00").build();
        PaymentView payment = unknownCheckout(command);
        String ref = payment.id().value().toString();
        long requests = mp.preferenceRequests();
        long created = mp.preferencesCreated();

        clock.advance(PAST_LOOKUP_DELAY);
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(tuple(TransactionStatus.UNKNOWN, TransactionStatus.AWAITING_CUSTOMER));
        assertThat(mp.preferenceRequests()).isEqualTo(requests + 1);
        assertThat(mp.preferencesCreated()).as("the re-send made no second preference").isEqualTo(created);
        List<String> keys = mp.preferenceIdempotencyKeys();
        assertThat(keys.subList(keys.size() - 2, keys.size())).containsExactly("cobro-checkout-" + ref,
                "cobro-checkout-" + ref);
        assertThat(mp.preferencesWithExternalReference(ref)).hasSize(1);

        TransactionRecord record = record(payment);
        assertThat(record.status()).isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
        assertThat(record.attempts()).extracting(a -> a.operation(), a -> a.status())
                .containsExactly(tuple(AttemptOperation.CHARGE, AttemptStatus.UNKNOWN),
                        tuple(AttemptOperation.CHARGE, AttemptStatus.SUCCEEDED));
        assertThat(eventsOf(payment)).extracting(OutcomeEvent::to).endsWith("AWAITING_CUSTOMER");
        // A replay of the host's request now answers the checkout's page.
        String preference = mp.preferencesWithExternalReference(ref).get(0);
        assertThat(cobro.checkoutPayments().start(command).payment().checkoutUrl()).contains("pref_id=" + preference);

        // The checkout now has its page, and a payer who pays there settles it by the genuine path.
        mp.pay(preference, MercadoPagoSimulator.Outcome.APPROVED, MercadoPagoSimulator.Webhook.DROPPED);
        clock.advance(LOOKUP_DELAY.multipliedBy(2));
        assertThat(changesOf(payment, resolve())).extracting(ResolutionReport.Change::to)
                .containsExactly(TransactionStatus.SUCCEEDED);
    }

    @Test
    void anUnknownPreferenceCreationIsSettledFromAPaymentFoundWithoutSendingAgain() {
        PaymentView payment = unknownCheckout(command("140.00").build());
        String ref = payment.id().value().toString();
        String preference = mp.preferencesWithExternalReference(ref).get(0);
        mp.pay(preference, MercadoPagoSimulator.Outcome.APPROVED, MercadoPagoSimulator.Webhook.DROPPED);
        long requests = mp.preferenceRequests();

        clock.advance(PAST_LOOKUP_DELAY);
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).extracting(ResolutionReport.Change::from, ResolutionReport.Change::to)
                .containsExactly(tuple(TransactionStatus.UNKNOWN, TransactionStatus.SUCCEEDED));
        assertThat(mp.preferenceRequests()).isEqualTo(requests);
        assertThat(record(payment).attempts()).hasSize(1);
    }

    @Test
    void eightyEightPayCheckoutsAreNotLookedUp() {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(aCheckoutCommand()
                .withMerchantReference("88-" + UUID.randomUUID()).withAmount("150.00").build());
        PaymentView payment = started.payment();
        assertThat(payment.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        long charges = sandbox.charges88Pay();

        clock.advance(PAST_LOOKUP_DELAY);
        ResolutionReport report = resolve();

        assertThat(changesOf(payment, report)).isEmpty();
        assertThat(problemsOf(payment, report)).isEmpty();
        assertThat(statusOf(payment)).isEqualTo(TransactionStatus.AWAITING_CUSTOMER);
        assertThat(record(payment).attempts()).hasSize(1);
        assertThat(sandbox.charges88Pay()).isEqualTo(charges);
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static PaymentView checkout(String amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(command(amount).build());
        assertThat(result.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return result.payment();
    }

    /** A checkout whose preference request Mercado Pago processed but whose answer never came back. */
    private static PaymentView unknownCheckout(StartCheckoutPaymentCommand command) {
        try (Cobro impatient = Cobro.builder().dataSource(db.dataSource()).clock(clock).runMigrations(false)
                .mercadoPago(settings().withTimeouts(new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(2))))
                .build()) {
            mp.inject("POST", "/checkout/preferences", MercadoPagoSimulator.Fault.TIMEOUT, 1);
            CheckoutPaymentResult result = impatient.checkoutPayments().start(command);
            assertThat(result.payment().status()).isEqualTo(PaymentStatus.UNKNOWN);
            assertThat(result.payment().checkoutUrl()).isNull();
            // The sandbox makes the preference before it holds the answer back; awaited, not assumed.
            String ref = result.payment().id().value().toString();
            awaitCondition(() -> mp.preferencesWithExternalReference(ref).size() == 1);
            return result.payment();
        } finally {
            mp.clearFaults();
        }
    }

    private static void awaitCondition(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("condition not met within 30 s");
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    private static dev.cobro.application.fakes.CheckoutCommandBuilder command(String amount) {
        return aCheckoutCommand().withProvider("mercadopago").withMerchantReference("mp-" + UUID.randomUUID())
                .withAmount(amount).withNotificationUrl("https://shop.example/mp");
    }

    /** POST /checkout/preferences straight to the sandbox, as another integration of the account would. */
    private static String createPreference(String externalReference, String amount) throws Exception {
        String body = "{\"items\":[{\"title\":\"other\",\"quantity\":1,\"currency_id\":\"MXN\",\"unit_price\":" + amount
                + "}],\"external_reference\":\"" + externalReference + "\"}";
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.mercadoPagoBaseUrl() + "/checkout/preferences"))
                .header("Authorization", "Bearer " + ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"").matcher(answer.body());
        assertThat(id.find()).isTrue();
        return id.group(1);
    }

    private static TransactionRecord record(PaymentView payment) {
        return cobro.history().findById(payment.id().value()).orElseThrow();
    }

    private static TransactionStatus statusOf(PaymentView payment) {
        return record(payment).status();
    }

    private static List<OutcomeEvent> eventsOf(PaymentView payment) {
        return cobro.events().list(new ListOutcomeEventsCommand(false, 0, ListOutcomeEventsCommand.MAX_LIMIT)).stream()
                .filter(e -> e.subjectId().equals(payment.id().value())).toList();
    }

    private static double resolverChanges(String to) {
        var counter = registry.find("cobro.resolver.changes").tags("kind", "checkout_payment", "to", to).counter();
        return counter == null ? 0 : counter.count();
    }
}
