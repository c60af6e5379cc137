package dev.cobro.domain.authorization;

import dev.cobro.domain.TestData;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pay-me's request fields, with the lengths and required marks of the seed's table. */
class PaymeFieldsTest {

    @Test
    void theSeedsBillingAddressIsValid() {
        Address billing = TestData.billing();

        assertThat(billing.country()).isEqualTo("PE");
        assertThat(billing.id()).isNull();
    }

    @Test
    void aBillingAddressRequiresEveryFieldButItsId() {
        assertThatThrownBy(() -> Address.billing(null, null, null, null, null, null, null, null, null, null, null, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("first_name", "last_name", "email", "phone.country_code",
                                "phone.subscriber", "location.line_1", "location.line_2", "location.city",
                                "location.state", "location.country", "location.zip_code"))
                .hasMessageContaining("11 violations");
    }

    @Test
    void aBillingAddressWithThreeBadFieldsReportsAllThree() {
        assertThatThrownBy(() -> Address.billing(null, "Juan Diego", "Perez Sanchez", "not-an-email", "51",
                "987654321", "Mi casa", "Mi casa", "L".repeat(31), "LIMA", "PER", "18"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("email", "location.city", "location.country"))
                .hasMessageContaining("3 violations")
                .hasMessageContaining("email: must be an e-mail address (was 'not-an-email')")
                .hasMessageContaining("location.city: must be at most 30 characters")
                .hasMessageContaining("location.country: must be an ISO 3166-1 alpha-2 code");
    }

    @Test
    void aShippingAddressMayLeaveEveryFieldOut() {
        Address shipping = new Address(null, null, null, null, null, null, null, null, null, null, null, null);

        assertThat(shipping.firstName()).isNull();
    }

    /** field, its seed length: one character more is rejected. */
    @ParameterizedTest(name = "{0} at most {1}")
    @CsvSource({"id, 50", "first_name, 50", "last_name, 50", "phone.country_code, 5", "phone.subscriber, 20",
            "location.line_1, 50", "location.line_2, 50", "location.city, 30", "location.state, 30",
            "location.zip_code, 10"})
    void addressFieldsKeepTheSeedsLengths(String field, int max) {
        assertThat(addressWith(field, "x".repeat(max))).isNotNull();
        assertThatThrownBy(() -> addressWith(field, "x".repeat(max + 1)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .singleElement()
                        .satisfies(v -> {
                            assertThat(v.field()).isEqualTo(field);
                            assertThat(v.rule()).isEqualTo("must be at most " + max + " characters");
                        }));
    }

    @Test
    void anAddressEmailHasAtMostSixtyCharacters() {
        String sixty = "a".repeat(48) + "@example.com";
        assertThat(sixty).hasSize(60);

        assertThat(addressWith("email", sixty).email()).isEqualTo(sixty);
        assertThatThrownBy(() -> addressWith("email", "a" + sixty))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations()).hasSize(1))
                .hasMessageContaining("email: must be at most 60 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PE", "MX", "CO", "CL"})
    void anAddressCountryIsIso3166Alpha2(String country) {
        assertThat(addressWith("location.country", country).country()).isEqualTo(country);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PER", "pe", "XX", "P"})
    void anythingButAnIso3166Alpha2AddressCountryIsRejected(String country) {
        assertThatThrownBy(() -> addressWith("location.country", country))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("location.country: must be an ISO 3166-1 alpha-2 code")
                .hasMessageContaining(country);
    }

    @Test
    void theSeedsCardHolderIsValid() {
        assertThat(TestData.cardHolder().identityDocumentType()).isEqualTo("DNI");
    }

    @Test
    void everyCardHolderFieldIsRequired() {
        assertThatThrownBy(() -> new CardHolder(null, "", " ", null, null, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("first_name", "last_name", "email_address",
                                "identity_document_country", "identity_document_type",
                                "identity_document_identifier"));
    }

    @ParameterizedTest(name = "{0} at most {1}")
    @CsvSource({"first_name, 50", "last_name, 50", "identity_document_country, 50", "identity_document_type, 30",
            "identity_document_identifier, 20"})
    void cardHolderFieldsKeepTheSeedsLengths(String field, int max) {
        assertThat(cardHolderWith(field, "x".repeat(max))).isNotNull();
        assertThatThrownBy(() -> cardHolderWith(field, "x".repeat(max + 1)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining(field + ": must be at most " + max + " characters");
    }

    @Test
    void aCardHolderEmailMustBeAnEmailOfAtMostSixtyCharacters() {
        assertThatThrownBy(() -> cardHolderWith("email_address", "juan.perez"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("email_address: must be an e-mail address");
        assertThatThrownBy(() -> cardHolderWith("email_address", "a".repeat(49) + "@example.com"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("email_address: must be at most 60 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "123456", "123456789"})
    void anOperationNumberHasOneToNineDigits(String value) {
        assertThat(new OperationNumber(value)).hasToString(value);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"1234567890", "12a", "-1", " 12"})
    void anythingElseIsNotAnOperationNumber(String value) {
        assertThatThrownBy(() -> new OperationNumber(value))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("internal_operation_number: must be 1 to 9 digits");
    }

    @Test
    void anOperationNumberComesFromTheSequencesNumber() {
        assertThat(OperationNumber.of(999_999_999L).value()).isEqualTo("999999999");
        assertThatThrownBy(() -> OperationNumber.of(1_000_000_000L)).isInstanceOf(ValidationException.class);
    }

    @Test
    void channelsAreTheSeedsCodes() {
        assertThat(Channel.fromCode("1")).isEqualTo(Channel.ECOMMERCE);
        assertThat(Channel.fromCode("3")).isEqualTo(Channel.CARD_ON_FILE);
        assertThatThrownBy(() -> Channel.fromCode("2"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("channel: must be 1 (eCommerce) or 3 (card on file)");
    }

    @Test
    void planAndCuotaAreAtMostFiveDigits() {
        Map<String, String> seed = new LinkedHashMap<>();
        seed.put("reserved1", "Ejemplo valor reservado 1");
        seed.put("2", "Ejemplo valor reservado 2");
        seed.put("plan", "00");
        seed.put("cuota", "005");

        assertThat(new AdditionalFields(seed).values()).containsExactlyEntriesOf(seed);
        assertThatThrownBy(() -> new AdditionalFields(Map.of("plan", "123456", "cuota", "x")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("additional_fields.plan", "additional_fields.cuota"));
    }

    @Test
    void authorizationIdsAreUuids() {
        UUID id = UUID.randomUUID();

        assertThat(AuthorizationId.of(id.toString()).value()).isEqualTo(id);
        assertThatThrownBy(() -> AuthorizationId.of("op-1")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be a UUID");
    }

    private static Address addressWith(String field, String value) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("id", null);
        f.put("first_name", "Juan Diego");
        f.put("last_name", "Perez Sanchez");
        f.put("email", "juan.perez@gmail.com");
        f.put("phone.country_code", "51");
        f.put("phone.subscriber", "987654321");
        f.put("location.line_1", "Mi casa");
        f.put("location.line_2", "Mi casa");
        f.put("location.city", "LIMA");
        f.put("location.state", "LIMA");
        f.put("location.country", "PE");
        f.put("location.zip_code", "18");
        if (!f.containsKey(field)) {
            throw new IllegalArgumentException("no address field " + field);
        }
        f.put(field, value);
        return Address.billing(f.get("id"), f.get("first_name"), f.get("last_name"), f.get("email"),
                f.get("phone.country_code"), f.get("phone.subscriber"), f.get("location.line_1"),
                f.get("location.line_2"), f.get("location.city"), f.get("location.state"), f.get("location.country"),
                f.get("location.zip_code"));
    }

    private static CardHolder cardHolderWith(String field, String value) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("first_name", "Juan Diego");
        f.put("last_name", "Perez Sanchez");
        f.put("email_address", "juan.perez@email.com");
        f.put("identity_document_country", "PER");
        f.put("identity_document_type", "DNI");
        f.put("identity_document_identifier", "87654321");
        if (!f.containsKey(field)) {
            throw new IllegalArgumentException("no card holder field " + field);
        }
        f.put(field, value);
        return new CardHolder(f.get("first_name"), f.get("last_name"), f.get("email_address"),
                f.get("identity_document_country"), f.get("identity_document_type"),
                f.get("identity_document_identifier"));
    }
}
