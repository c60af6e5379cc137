package dev.cobro.bootstrap.events;

import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.bootstrap.faults.CobroRows;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.ProviderSandbox;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;

/** Cobro's meters in a host's registry after the flows, with ARCHITECTURE.md's names and tags and no secret. */
class MetricsIT {

    private static final Set<String> STATUSES = statuses();
    /** Every tag a Cobro meter may carry, with every value it may take. */
    private static final Map<String, Set<String>> TAG_VALUES = Map.of(
            "provider", Set.of("88pay", "payme"),
            "account", Set.of("default"),
            "operation", Set.of("charge", "authorize", "reverse"),
            "outcome", Set.of("accepted", "approved", "declined", "rejected", "not_sent", "unknown", "reversed",
                    "failed", "error", "issued", "refused", "rate_limited", "applied", "duplicate", "unmatched", "unverified", "mismatched",
                    "ignored"),
            "kind", Set.of("checkout_payment", "card_authorization"),
            "from", STATUSES,
            "to", STATUSES,
            "pool", Set.of("cobro"));

    @Test
    void afterTheFlowsTheMetersCountEachCallTransitionAndNotificationAndTheGaugesReadTheDatabase() {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        CobroRows rows = new CobroRows(db.dataSource());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<String> sessions = new ArrayList<>();
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).noAnswerHold(java.time.Duration.ofSeconds(30))
                .start();
             Cobro cobro = EventFlows.cobroOn(sandbox).jdbcUrl(db.jdbcUrl(), db.user(), db.password())
                     .meterRegistry(registry).build()) {
            EventFlows.Subjects subjects = EventFlows.runAll(cobro, sandbox);
            AuthorizationResult unknown = cobro.cardAuthorizations().authorize(aCardAuthorization()
                    .withCard(ProviderSandbox.CARD_NO_ANSWER, "1230", "123").build());
            assertThat(unknown.authorization().status()).isEqualTo(AuthorizationStatus.UNKNOWN);
            CheckoutPaymentResult again = cobro.checkoutPayments().start(aCheckoutCommand().withAmount("103.00").build());
            assertThat(again.payment().status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
            for (UUID payment : List.of(subjects.paid(), subjects.expired(), again.payment().id().value())) {
                sessions.add(sessionOf(db, payment));
            }

            assertThat(timerCount(registry, "88pay", "charge", "accepted")).isEqualTo(3);
            assertThat(timerCount(registry, "payme", "authorize", "approved")).isEqualTo(1);
            assertThat(timerCount(registry, "payme", "authorize", "declined")).isEqualTo(1);
            assertThat(timerCount(registry, "payme", "authorize", "unknown")).isEqualTo(1);
            assertThat(timerCount(registry, "payme", "reverse", "reversed")).isEqualTo(1);
            assertThat(registry.find("cobro.provider.calls").timers()).hasSize(5)
                    .allSatisfy(t -> assertThat(t.getId().getTag("account")).isEqualTo("default"));
            assertThat(registry.get("cobro.provider.tokens").tags("provider", "payme", "outcome", "issued")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("cobro.provider.tokens").tags("provider", "88pay", "outcome", "issued")
                    .counter().count()).isGreaterThanOrEqualTo(1.0);

            long statusChanges = rows.count("select count(*) from cobro.status_change where position >= ?", 0);
            assertThat(registry.find("cobro.transitions").counters().stream().mapToDouble(c -> c.count()).sum())
                    .isEqualTo((double) statusChanges);
            assertThat(transitions(registry, "checkout_payment", "AWAITING_CUSTOMER", "SUCCEEDED")).isEqualTo(1);
            assertThat(transitions(registry, "checkout_payment", "AWAITING_CUSTOMER", "EXPIRED")).isEqualTo(1);
            assertThat(transitions(registry, "checkout_payment", "NONE", "REQUESTED")).isEqualTo(3);
            assertThat(transitions(registry, "card_authorization", "NONE", "REQUESTED")).isEqualTo(3);
            assertThat(transitions(registry, "card_authorization", "REQUESTED", "UNKNOWN")).isEqualTo(1);
            assertThat(transitions(registry, "card_authorization", "AUTHORIZED", "REVERSED")).isEqualTo(1);
            assertThat(registry.get("cobro.notifications").tags("provider", "88pay", "outcome", "applied")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get("cobro.resolver.changes").tags("kind", "checkout_payment", "to", "EXPIRED")
                    .counter().count()).isEqualTo(1.0);

            long pending = rows.count("select count(*) from cobro.outcome_event where delivered_at is null"
                    + " and id > ?", 0L);
            assertThat(pending).isEqualTo(statusChanges);
            assertThat(registry.get("cobro.outbox.pending").gauge().value()).isEqualTo((double) pending);
            assertThat(registry.get("cobro.unknown.open").gauge().value()).isEqualTo(1.0);
            assertThat(registry.find("hikaricp.connections").gauges()).as("HikariCP's pool metrics").isNotEmpty();

            assertEveryTagIsANameFromItsClosedSet(registry, Stream.concat(sessions.stream(), Stream.of(
                    ProviderSandbox.CARD_APPROVED_VISA, ProviderSandbox.CARD_DECLINED, ProviderSandbox.CARD_NO_ANSWER,
                    ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)).toList());
        }
        assertThat(registry.find("cobro.outbox.pending").gauges()).as("taken out on close").isEmpty();
    }

    /** Every tag value of every meter is a provider, account, operation, outcome, kind, status or pool name. */
    private static void assertEveryTagIsANameFromItsClosedSet(SimpleMeterRegistry registry, List<String> secrets) {
        assertThat(registry.getMeters()).isNotEmpty();
        for (Meter meter : registry.getMeters()) {
            for (Tag tag : meter.getId().getTags()) {
                String where = meter.getId().getName() + " tag " + tag.getKey();
                if (meter.getId().getName().startsWith("hikaricp.")) {
                    assertThat(tag.getKey()).as(where).isEqualTo("pool");
                }
                assertThat(TAG_VALUES).as(where).containsKey(tag.getKey());
                assertThat(TAG_VALUES.get(tag.getKey())).as(where).contains(tag.getValue());
                for (String secret : secrets) {
                    if (secret != null) {
                        assertThat(tag.getValue()).as(where).doesNotContain(secret);
                    }
                }
            }
        }
    }

    private static long timerCount(SimpleMeterRegistry registry, String provider, String operation, String outcome) {
        return registry.get("cobro.provider.calls")
                .tags("provider", provider, "account", "default", "operation", operation, "outcome", outcome)
                .timer().count();
    }

    private static double transitions(SimpleMeterRegistry registry, String kind, String from, String to) {
        return registry.get("cobro.transitions").tags("kind", kind, "from", from, "to", to).counter().count();
    }

    private static String sessionOf(TestDatabase.Handle db, UUID payment) {
        try (var c = db.dataSource().getConnection();
             var st = c.prepareStatement("select provider_session_id from cobro.checkout_payment where id = ?")) {
            st.setObject(1, payment);
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> statuses() {
        Set<String> names = new HashSet<>(Set.of("NONE"));
        Arrays.stream(PaymentStatus.values()).map(Enum::name).forEach(names::add);
        Arrays.stream(AuthorizationStatus.values()).map(Enum::name).forEach(names::add);
        return Set.copyOf(names);
    }
}
