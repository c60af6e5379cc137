package dev.cobro.application.service;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCardProvider;
import dev.cobro.application.fakes.TestCards;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.TokenRequestLedgerPort.Limit;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static dev.cobro.application.fakes.CheckoutCommandBuilder.aCheckoutCommand;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Fingerprints, the token hasher, the provider registry and the in-memory token ledger. */
class SupportingServicesTest {

    private static final Instant T0 = Instant.parse("2026-01-15T10:00:00Z");

    @Test
    void theSameRequestHasTheSameFingerprintAndAnotherAmountAnother() {
        var details = aCheckoutCommand().withAmount("100.00").build().details();

        assertThat(Fingerprints.of(details)).isEqualTo(Fingerprints.of(aCheckoutCommand().withAmount("100").build()
                .details())).hasSize(64);
        assertThat(Fingerprints.of(details))
                .isNotEqualTo(Fingerprints.of(aCheckoutCommand().withAmount("100.01").build().details()));
    }

    @Test
    void anAuthorizationFingerprintIsTheSameForTheSameCardAndNeverHoldsThePan() {
        String one = Fingerprints.of(details(aCardAuthorization().build()));
        String same = Fingerprints.of(details(aCardAuthorization().build()));
        String otherCard = Fingerprints.of(details(aCardAuthorization()
                .withCard("4111111111111111", TestCards.EXPIRY, TestCards.CVV).build()));

        assertThat(one).isEqualTo(same).isNotEqualTo(otherCard).doesNotContain(TestCards.PAN).matches("[0-9a-f]{64}");
    }

    @Test
    void aTokenHashIsKeyedAndStable() {
        TokenHasher hasher = new TokenHasher(TestCards.TOKEN_HASH_KEY);
        TokenHasher otherKey = new TokenHasher("another-key-of-16+bytes".getBytes());

        assertThat(hasher.hash(TestCards.TOKEN)).isEqualTo(hasher.hash(TestCards.TOKEN))
                .isNotEqualTo(otherKey.hash(TestCards.TOKEN)).doesNotContain(TestCards.TOKEN);
        assertThat(hasher.toString()).doesNotContain(new String(TestCards.TOKEN_HASH_KEY));
    }

    @Test
    void aTokenHashKeyHasAtLeastSixteenBytes() {
        assertThatThrownBy(() -> new TokenHasher(new byte[15])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16 bytes");
    }

    @Test
    void aProviderThatIsNotRegisteredIsNotConfigured() {
        ProviderRegistry<CardAuthorizationProviderPort> registry = new ProviderRegistry<>("card",
                List.of(new FakeCardProvider(ProviderId.PAYME)), CardAuthorizationProviderPort::providerId);

        assertThat(registry.get(ProviderId.PAYME)).isNotNull();
        assertThatThrownBy(() -> registry.get(ProviderId.of("otherpay")))
                .isInstanceOf(ProviderNotConfiguredException.class)
                .hasMessageContaining("otherpay")
                .hasMessageContaining("payme");
    }

    @Test
    void twoAdaptersCannotClaimOneProviderId() {
        assertThatThrownBy(() -> new ProviderRegistry<>("card",
                List.of(new FakeCardProvider(ProviderId.PAYME), new FakeCardProvider(ProviderId.PAYME)),
                CardAuthorizationProviderPort::providerId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("payme");
    }

    @Test
    void theTokenLedgerAllowsTenAMinuteAndSaysWhenTheNextFits() {
        ControllableClock clock = new ControllableClock(T0);
        InMemoryTokenRequestLedger ledger = new InMemoryTokenRequestLedger(clock);
        List<Limit> limits = List.of(new Limit(10, Duration.ofMinutes(1)), new Limit(100, Duration.ofHours(1)));
        for (int i = 0; i < 10; i++) {
            clock.set(T0.plusSeconds(i));
            assertThat(ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-TEST", limits)).isEmpty();
        }

        clock.set(T0.plusSeconds(30));
        Optional<Duration> eleventh = ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-TEST", limits);

        assertThat(eleventh).contains(Duration.ofSeconds(30));
        assertThat(ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-OTHER", limits)).isEmpty();
        clock.set(T0.plusSeconds(61));
        assertThat(ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-TEST", limits)).isEmpty();
    }

    @Test
    void theTokenLedgerKeepsTheHourlyLimitToo() {
        ControllableClock clock = new ControllableClock(T0);
        InMemoryTokenRequestLedger ledger = new InMemoryTokenRequestLedger(clock);
        List<Limit> limits = List.of(new Limit(10, Duration.ofMinutes(1)), new Limit(100, Duration.ofHours(1)));
        for (int i = 0; i < 100; i++) {
            clock.set(T0.plusSeconds(7L * i));
            assertThat(ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-TEST", limits)).as("request %d", i).isEmpty();
        }

        clock.set(T0.plusSeconds(701));
        assertThat(ledger.tryRecord(ProviderId.EIGHTY_EIGHT_PAY, "MCH-TEST", limits))
                .contains(Duration.ofHours(1).minusSeconds(701));
    }

    private static AuthorizationDetails details(AuthorizeCardCommand c) {
        return new AuthorizationDetails(c.channel(), c.money(), Instrument.of(c.card().toSecret(), null),
                c.cardHolder(), c.billing(), c.shipping(), c.description(), c.additionalFields(), c.customerId());
    }
}
