package dev.cobro.application.service;

import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Instrument;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An authorization's fingerprint is stored with it and compared on every replay, so its canonical
 * form may not drift: the card holder and the addresses are written as their records' toString()
 * wrote them when the fingerprint was first defined (and still would), without calling it.
 */
class FingerprintsTest {

    private static final Address FULL = new Address("addr-1", "Ana", "Quispe", "ana@example.com", "51", "987654321",
            "Av. Larco 123", "Dpto 4", "Lima", "Lima", "PE", "15074");
    private static final Address PARTIAL = new Address(null, "Ana", null, null, null, null, "Av. Larco 123", null,
            null, null, "PE", null);
    private static final CardHolder HOLDER = new CardHolder("Ana", "Quispe", "ana@example.com", "PER", "DNI",
            "87654321");

    @Test
    void anAddressIsWrittenAsItsRecordWritesItself() {
        // Every component holds a value of its own: a component added to the record shows here.
        assertThat(Fingerprints.address(new StringBuilder(), FULL).toString()).isEqualTo(String.valueOf(FULL));
        assertThat(Fingerprints.address(new StringBuilder(), PARTIAL).toString()).isEqualTo(String.valueOf(PARTIAL));
        assertThat(Fingerprints.address(new StringBuilder(), null).toString()).isEqualTo("null");
    }

    @Test
    void aCardHolderIsWrittenAsItsRecordWritesItself() {
        assertThat(Fingerprints.cardHolder(new StringBuilder(), HOLDER).toString()).isEqualTo(String.valueOf(HOLDER));
        assertThat(Fingerprints.cardHolder(new StringBuilder(), null).toString()).isEqualTo("null");
    }

    @Test
    void anAuthorizationsFingerprintIsTheOneStoredBeforeTheCanonicalFormWasWrittenOut() {
        AuthorizationDetails withEverything = details(aCardAuthorization().withCardHolder(HOLDER).withBilling(FULL)
                .withShipping(PARTIAL).withAdditionalFields(Map.of("plan", "3", "cuota", "12", "tienda", "Miraflores"))
                .withDescription("Pedido 1").withCustomerId("customer-1").build());
        AuthorizationDetails withLess = details(aCardAuthorization().withShipping(null).withAdditionalFields(Map.of())
                .build());

        assertThat(Fingerprints.of(withEverything)).isEqualTo(Fingerprints.sha256(asFirstDefined(withEverything)));
        assertThat(Fingerprints.of(withLess)).isEqualTo(Fingerprints.sha256(asFirstDefined(withLess)));
        assertThat(Fingerprints.of(withEverything)).isNotEqualTo(Fingerprints.of(withLess));
    }

    private static AuthorizationDetails details(AuthorizeCardCommand c) {
        return new AuthorizationDetails(c.channel(), c.money(), Instrument.of(c.card().toSecret(), null),
                c.cardHolder(), c.billing(), c.shipping(), c.description(), c.additionalFields(), c.customerId());
    }

    /** The canonical form as Fingerprints first wrote it: joined, the records' own toString(). */
    private static String asFirstDefined(AuthorizationDetails d) {
        StringJoiner j = new StringJoiner("\u001f");
        j.add(d.channel().code()).add(d.money().amount().toPlainString()).add(d.money().currency().getCurrencyCode())
                .add(d.instrument().kind().name()).add(d.instrument().masked())
                .add(String.valueOf(d.instrument().tokenHash()))
                .add(String.valueOf(d.cardHolder())).add(String.valueOf(d.billing())).add(String.valueOf(d.shipping()))
                .add(d.description() == null ? "" : d.description().value())
                .add(new TreeMap<>(d.additionalFields().values()).toString())
                .add(d.customerId() == null ? "" : d.customerId().value());
        return j.toString();
    }
}
