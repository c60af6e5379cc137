package dev.cobro.bootstrap.faults;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ServeEventListener;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.CobroRows.AttemptRow;
import dev.cobro.bootstrap.faults.CobroRows.ChangeRow;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static dev.cobro.bootstrap.faults.ProviderStubs.CHARGES_88PAY;
import static dev.cobro.bootstrap.faults.ProviderStubs.CHARGES_PAYME;
import static dev.cobro.bootstrap.faults.ProviderStubs.charge88Pay;
import static dev.cobro.bootstrap.faults.ProviderStubs.chargePayme;
import static dev.cobro.bootstrap.faults.ProviderStubs.requests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The database fails around a provider call. Before the write-ahead: the provider is never
 * called. After the call, when the outcome cannot be written: the call says so
 * (StoreUnavailableException), the attempt stays REQUESTED, and once the database is back the
 * resolver settles it, never by guessing: UNKNOWN, and a card authorization is reversed.
 */
class FaultDatabaseIT {

    private static final AtomicLong OPERATION_NUMBERS = new AtomicLong(200_000_000L);
    private static final Duration CHECKOUT_LIFETIME = Duration.ofHours(72);

    static WireMockServer wm;
    static final OutageOnRequest outage = new OutageOnRequest();
    static SwitchableDataSource database;
    static CobroRows rows;
    static Cobro cobro;

    /** Takes the database down while the provider is answering a request to {@link #path}. */
    static final class OutageOnRequest implements ServeEventListener {
        volatile String path;

        @Override
        public void beforeResponseSent(ServeEvent event, Parameters parameters) {
            if (path != null && event.getRequest().getUrl().equals(path)) {
                path = null;
                database.down();
            }
        }

        @Override
        public String getName() {
            return "database-outage-on-request";
        }
    }

    @BeforeAll
    static void start() {
        wm = new WireMockServer(options().dynamicPort().extensions(outage));
        wm.start();
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        database = new SwitchableDataSource(db.dataSource());
        rows = new CobroRows(db.dataSource());
        cobro = Cobro.builder()
                .dataSource(database)
                .eightyEightPay(ProviderStubs.eightyEightPay(wm))
                .payme(ProviderStubs.payme(wm))
                // Every REQUESTED attempt counts as abandoned at once, and an UNKNOWN authorization is reversed at once.
                .resolverSettings(new ResolverSettings(Duration.ZERO, Duration.ZERO, 5, CHECKOUT_LIFETIME))
                .build();
    }

    @AfterAll
    static void stop() {
        if (cobro != null) {
            cobro.close();
        }
        if (wm != null) {
            wm.stop();
        }
    }

    @BeforeEach
    void freshStubs() {
        wm.resetAll();
        ProviderStubs.stubTokens(wm);
        wm.stubFor(charge88Pay().willReturn(ProviderStubs.checkoutOpened()));
        wm.stubFor(chargePayme().willReturn(ProviderStubs.authorized()));
        wm.stubFor(ProviderStubs.reversePayme().willReturn(ProviderStubs.reversed()));
    }

    @AfterEach
    void databaseBack() {
        outage.path = null;
        database.up();
    }

    @Test
    void withTheDatabaseUnreachableNoProviderIsEverCalled() {
        StartCheckoutPaymentCommand checkout = aCheckoutCommand().withAmount("201.00").build();
        String number = nextOperationNumber();
        database.down();

        assertThatThrownBy(() -> cobro.checkoutPayments().start(checkout))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(FaultDatabaseIT::carriesNoSecret);
        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build()))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(FaultDatabaseIT::carriesNoSecret);
        // Without an operation number, Cobro's sequence is the first thing that needs the database.
        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(aCardAuthorization().build()))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(FaultDatabaseIT::carriesNoSecret);

        database.up();
        assertThat(requests(wm, CHARGES_88PAY)).isZero();
        assertThat(requests(wm, CHARGES_PAYME)).isZero();
        assertThat(rows.paymentId(checkout.merchantReference().value())).isEmpty();
        assertThat(rows.authorizationId(number)).isEmpty();
    }

    @Test
    void whenTheWriteAheadItselfFailsTheProviderIsNeverCalled() {
        StartCheckoutPaymentCommand checkout = aCheckoutCommand().withAmount("202.00").build();
        String number = nextOperationNumber();
        // Reads still work (the idempotency look-up passes, Pay-me's token is fetched), the insert fails.
        database.refuseWrites();

        assertThatThrownBy(() -> cobro.checkoutPayments().start(checkout))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(FaultDatabaseIT::carriesNoSecret);
        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(
                aCardAuthorization().withOperationNumber(number).build()))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(FaultDatabaseIT::carriesNoSecret);

        database.up();
        assertThat(requests(wm, CHARGES_88PAY)).isZero();
        assertThat(requests(wm, CHARGES_PAYME)).isZero();
        assertThat(rows.paymentId(checkout.merchantReference().value())).isEmpty();
        assertThat(rows.authorizationId(number)).isEmpty();
    }

    @Test
    void anAuthorizationWhoseOutcomeCannotBeWrittenStaysRequestedAndTheResolverReversesIt() {
        String number = nextOperationNumber();
        AuthorizeCardCommand command = aCardAuthorization().withOperationNumber(number).build();
        outage.path = CHARGES_PAYME;

        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(command))
                .isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("REQUESTED")
                .satisfies(FaultDatabaseIT::carriesNoSecret);

        database.up();
        assertThat(requests(wm, CHARGES_PAYME)).isEqualTo(1);
        UUID id = rows.authorizationId(number).orElseThrow();
        assertThat(rows.authorizationStatus(number)).contains("REQUESTED");
        assertThat(rows.attemptsOf(id)).singleElement()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("REQUESTED"));

        List<String> settled = resolveUntil(id, "REVERSED");

        // Pay-me approved it, but Cobro never learnt so: it is first UNKNOWN, then reversed, never guessed.
        assertThat(settled).containsExactly("UNKNOWN", "REVERSED");
        assertThat(rows.authorizationStatus(number)).contains("REVERSED");
        assertThat(ProviderStubs.reversals(wm)).isEqualTo(1);
        assertThat(requests(wm, CHARGES_PAYME)).isEqualTo(1);
        assertThat(rows.attemptsOf(id)).extracting(AttemptRow::operation, AttemptRow::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AUTHORIZE", "UNKNOWN"),
                        org.assertj.core.groups.Tuple.tuple("REVERSE", "SUCCEEDED"));
        assertThat(rows.statusChangesOf(id)).extracting(ChangeRow::to).endsWith("REQUESTED", "UNKNOWN", "REVERSED");
    }

    @Test
    void aChargeWhoseOutcomeCannotBeWrittenStaysRequestedAndTheResolverMakesItUnknownWithoutResending() {
        StartCheckoutPaymentCommand command = aCheckoutCommand().withAmount("203.00").build();
        outage.path = CHARGES_88PAY;

        assertThatThrownBy(() -> cobro.checkoutPayments().start(command))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(FaultDatabaseIT::carriesNoSecret);

        database.up();
        UUID id = rows.paymentId(command.merchantReference().value()).orElseThrow();
        assertThat(rows.paymentStatus(command.merchantReference().value())).contains("REQUESTED");
        assertThat(rows.attemptsOf(id)).singleElement()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("REQUESTED"));

        List<String> settled = resolveUntil(id, "UNKNOWN");
        CheckoutPaymentResult again = cobro.checkoutPayments().start(command);

        assertThat(settled).containsExactly("UNKNOWN");
        assertThat(again).isInstanceOf(CheckoutPaymentResult.Replayed.class);
        assertThat(again.payment().status().name()).isEqualTo("UNKNOWN");
        assertThat(requests(wm, CHARGES_88PAY)).isEqualTo(1);
        assertThat(rows.attemptsOf(id)).singleElement()
                .satisfies(attempt -> assertThat(attempt.status()).isEqualTo("UNKNOWN"));
    }

    /** Runs the resolver (a few times at most) until the subject reaches {@code status}; the statuses it went to. */
    private static List<String> resolveUntil(UUID id, String status) {
        List<String> reached = new ArrayList<>();
        for (int run = 0; run < 3 && !status.equals(last(reached)); run++) {
            ResolutionReport report = cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
            report.changes().stream().filter(change -> change.id().equals(id))
                    .forEach(change -> reached.add(change.to().name()));
        }
        return reached;
    }

    private static String last(List<String> list) {
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    private static void carriesNoSecret(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            assertThat(ProviderStubs.CREDENTIALS).noneMatch(message::contains);
            assertThat(message).doesNotContain("4859510000000051");
        }
    }

    private static String nextOperationNumber() {
        return Long.toString(OPERATION_NUMBERS.incrementAndGet());
    }
}
