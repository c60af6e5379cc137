package dev.cobro.bootstrap.performance;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.performance.WireLog.Counts;
import dev.cobro.bootstrap.performance.WireLog.Measured;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Database round trips, transactions and statements per operation, counted from pgjdbc's
 * wire log ({@link WireLog}) on the calling thread, through the {@link Cobro} facade on its own
 * HikariCP pool against the provider sandbox. The numbers are exact, so that a regression fails:
 * {@link Operation} holds them, in one place. Each operation is first warmed up (past pgjdbc's
 * prepareThreshold of 5, so its statements are server-prepared as in a running service), then
 * measured {@value #RUNS} times, every run alike. HikariCP's check of a connection that idled over
 * 500 ms (an empty query) is left out of the counts, so they never depend on timing. The clock stands
 * still: the 88Pay and Pay-me access tokens stay fresh in memory (no token look-up is measured).
 */
class RoundTripsIT {

    private static final Logger LOG = LoggerFactory.getLogger(RoundTripsIT.class);
    private static final int WARM_UP = 8;
    private static final int RUNS = 3;
    private static final AtomicLong OPERATION_NUMBERS = new AtomicLong(900_000_000L);

    /**
     * The operations measured and what each costs on main today: round trips (Syncs that wait on the
     * server), transactions (BEGIN blocks and implicit autocommit ones) and statements (BEGIN and COMMIT
     * not counted). Lower them here when the hot path gets leaner.
     */
    enum Operation {
        // Insert first: the write-ahead [4 INSERTs] and the save [guarded UPDATE, INSERT status change,
        // INSERT event, guarded UPDATE of the attempt], each one round trip run as one implicit transaction.
        PAYME_AUTHORIZATION_WITH_NUMBER("Pay-me card authorization, operation number given", new Counts(2, 2, 8)),
        // Taking a number first [SELECT nextval] in auto-commit; the rest as above.
        PAYME_AUTHORIZATION_NUMBER_ALLOCATED("Pay-me card authorization, operation number allocated",
                new Counts(3, 3, 9)),
        // As the authorization with its number.
        EIGHTY_EIGHT_PAY_CHECKOUT("88Pay checkout start, token cached", new Counts(2, 2, 8)),
        // Reads are in auto-commit (no BEGIN/COMMIT: at READ COMMITTED they added round trips, no
        // consistency), so each read statement is its own implicit transaction: reading the authorization
        // [SELECT] [SELECT fields] [SELECT changes], its attempts [SELECT], the reversal's write-ahead
        // [guarded UPDATE, INSERT attempt], the save.
        PAYME_REVERSAL("Pay-me reversal of an authorization", new Counts(6, 6, 10)),
        // The signed URL's check reads the payment by id [SELECT] [SELECT changes], the service reads it
        // again, then the save with the notification [INSERT, guarded UPDATE, INSERT, INSERT].
        EIGHTY_EIGHT_PAY_NOTIFICATION("88Pay notification applied", new Counts(5, 5, 8));

        final String description;
        final Counts expected;

        Operation(String description, Counts expected) {
            this.description = description;
            this.expected = expected;
        }
    }

    @Test
    void eachOperationTakesExactlyItsRoundTripsTransactionsAndStatements() {
        Map<Operation, List<Measured<Object>>> measured = new EnumMap<>(Operation.class);
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             Cobro cobro = Cobro.builder()
                     // Cobro's own pool, as the facade configures it (logServerErrorDetail=false and all).
                     .jdbcUrl(db.jdbcUrl(), db.user(), db.password())
                     .clock(new ControllableClock())
                     .operationNumbers(100_000_000L, 199_999_999L)
                     .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                             ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                     .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                             ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET))
                     .build();
             WireLog wire = WireLog.onThisThread()) {
            for (Operation operation : Operation.values()) {
                for (int i = 0; i < WARM_UP; i++) {
                    prepare(operation, cobro, sandbox).get();
                }
                List<Measured<Object>> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    Supplier<Object> work = prepare(operation, cobro, sandbox);
                    runs.add(wire.measure(work));
                }
                measured.put(operation, runs);
            }
        }

        SoftAssertions softly = new SoftAssertions();
        measured.forEach((operation, runs) -> {
            Measured<Object> first = runs.get(0);
            LOG.info("{}: {} (expected {}); statements per round trip: {}{}", operation.description,
                    first.counts(), operation.expected, first.breakdown(),
                    runs.stream().mapToInt(Measured::connectionChecks).sum() == 0 ? ""
                            : "; connection checks left out: "
                            + runs.stream().mapToInt(Measured::connectionChecks).sum());
            for (Measured<Object> run : runs) {
                softly.assertThat(run.counts()).as(operation.description + " (" + run.breakdown() + ")")
                        .isEqualTo(operation.expected);
            }
        });
        softly.assertAll();
    }

    /**
     * How the counting reads the log: HikariCP's check of a connection that idled over 500 ms (JDBC4
     * isValid) is told apart from work, and statements sent in autocommit before one Sync are one round
     * trip and one transaction.
     */
    @Test
    void aConnectionCheckIsLeftOutAndAnAutocommitBatchIsOneTransaction() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        try (Connection connection = db.dataSource().getConnection(); WireLog wire = WireLog.onThisThread()) {
            Measured<Boolean> check = wire.measure(() -> {
                try {
                    return connection.isValid(5);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // In autocommit, statements sent before one Sync run as one implicit transaction.
            Measured<Boolean> query = wire.measure(() -> {
                try (Statement st = connection.createStatement()) {
                    return st.execute("select 1; select 2");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThat(check.result()).isTrue();
            assertThat(check.connectionChecks()).isEqualTo(1);
            assertThat(check.counts()).isEqualTo(new Counts(0, 0, 0));
            assertThat(query.connectionChecks()).isZero();
            assertThat(query.counts()).isEqualTo(new Counts(1, 1, 2));
        }
    }

    /**
     * Does what the measured work needs first (an authorization to reverse, a checkout to notify) and
     * returns the work itself, which checks its own outcome.
     */
    private static Supplier<Object> prepare(Operation operation, Cobro cobro, ProviderSandbox sandbox) {
        return switch (operation) {
            case PAYME_AUTHORIZATION_WITH_NUMBER -> () -> authorized(cobro,
                    String.valueOf(OPERATION_NUMBERS.incrementAndGet()));
            case PAYME_AUTHORIZATION_NUMBER_ALLOCATED -> () -> authorized(cobro, null);
            case EIGHTY_EIGHT_PAY_CHECKOUT -> () -> checkout(cobro);
            case PAYME_REVERSAL -> {
                AuthorizationResult authorized = authorized(cobro, null);
                yield () -> {
                    ReversalResult reversed = cobro.reversals().reverse(
                            new ReverseAuthorizationCommand(authorized.authorization().id()));
                    assertThat(reversed.authorization().status()).isEqualTo(AuthorizationStatus.REVERSED);
                    return reversed;
                };
            }
            case EIGHTY_EIGHT_PAY_NOTIFICATION -> {
                CheckoutPaymentResult started = checkout(cobro);
                SandboxNotification webhook = sandbox.notification(started.payment().checkoutUrl(), "COMPLETED");
                RecordPaymentNotificationCommand received = new RecordPaymentNotificationCommand(
                        ProviderId.EIGHTY_EIGHT_PAY, webhook.url(), webhook.body(), webhook.headers());
                yield () -> {
                    PaymentNotification notified = cobro.notifications().record(received);
                    assertThat(notified.outcome()).isEqualTo(NotificationOutcome.APPLIED);
                    return notified;
                };
            }
        };
    }

    private static AuthorizationResult authorized(Cobro cobro, String operationNumber) {
        var command = aCardAuthorization().withCard(ProviderSandbox.CARD_APPROVED_VISA, "1230", "123");
        AuthorizationResult result = cobro.cardAuthorizations().authorize(
                (operationNumber == null ? command : command.withOperationNumber(operationNumber)).build());
        assertThat(result.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);
        return result;
    }

    private static CheckoutPaymentResult checkout(Cobro cobro) {
        CheckoutPaymentResult started = cobro.checkoutPayments().start(aCheckoutCommand().build());
        assertThat(started).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(started.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        return started;
    }
}
