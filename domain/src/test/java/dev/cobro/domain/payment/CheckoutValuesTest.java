package dev.cobro.domain.payment;

import dev.cobro.domain.TestData;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.HttpUrl;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ValidationException;
import dev.cobro.domain.shared.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** 88Pay's charge fields: country (ISO 3166 alpha-3), method, customer, merchant reference, details. */
class CheckoutValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"MEX", "COL", "PER", "CHL"})
    void iso3166Alpha3CountriesAreAccepted(String code) {
        assertThat(new Country(code)).hasToString(code);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"MX", "mex", "XXX", "MEXI"})
    void anythingButAnIso3166Alpha3CountryIsRejected(String code) {
        assertThatThrownBy(() -> new Country(code))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("country")
                .hasMessageContaining("alpha-3")
                .hasMessageContaining(code == null ? "country" : "(was '" + code + "')");
    }

    @Test
    void aKnownMethodMustSitInItsPublishedCategory() {
        assertThat(PaymentMethod.of("OXXO", "CASH").category()).isEqualTo(PaymentMethod.Category.CASH);
        assertThatThrownBy(() -> PaymentMethod.of("OXXO", "CARD"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("method_category")
                .hasMessageContaining("CASH");
    }

    @Test
    void aMethodCodeEightyEightPayAddsLaterPassesByForm() {
        assertThat(PaymentMethod.of("NEW_WALLET", "WALLET").code()).isEqualTo("NEW_WALLET");
    }

    @Test
    void aBadMethodCodeAndCategoryAreReportedTogether() {
        assertThatThrownBy(() -> PaymentMethod.of("oxxo", "VOUCHER"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactlyInAnyOrder("method_code", "method_category"));
    }

    @Test
    void aCustomerIdIsRequiredAndAtMostSixtyFourCharacters() {
        assertThat(new CustomerId("c".repeat(64)).value()).hasSize(64);
        assertThatThrownBy(() -> new CustomerId("c".repeat(65))).isInstanceOf(ValidationException.class)
                .hasMessageContaining("customer_id").hasMessageContaining("at most 64");
        assertThatThrownBy(() -> new CustomerId(" ")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("customer_id: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"order-1001", "A", "shop:2026/01#7", "x.y_z"})
    void merchantReferencesAreAccepted(String reference) {
        assertThat(new MerchantReference(reference)).hasToString(reference);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-leading-dash", "has space", "ñandú"})
    void badMerchantReferencesAreRejected(String reference) {
        assertThatThrownBy(() -> new MerchantReference(reference))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("merchant_reference");
    }

    @Test
    void aMerchantReferenceOfSixtyFiveCharactersIsRejected() {
        assertThatThrownBy(() -> new MerchantReference("r".repeat(65)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("1-64 characters");
    }

    @Test
    void aPaymentOfZeroIsNotAPayment() {
        assertThatThrownBy(() -> TestData.checkoutDetails(Money.of("0.00", "MXN")))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("amount: must be greater than zero");
    }

    @Test
    void everyMissingChargeFieldIsReportedAtOnce() {
        assertThatThrownBy(() -> new CheckoutDetails(null, null, null, null, null, null, null))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field)
                        .containsExactlyInAnyOrder("customer_id", "amount", "country", "method_code", "description",
                                "notification_url", "return_url"));
    }

    @Test
    void aValidChargeIsBuilt() {
        CheckoutDetails details = TestData.checkoutDetails();

        assertThat(details.money()).isEqualTo(Money.of("100", "MXN"));
        assertThat(details.description()).isEqualTo(new Description("Order 1001"));
        assertThat(details.returnUrl()).isEqualTo(new HttpUrl("https://shop.example/thanks"));
    }

    @Test
    void paymentIdsAreUuids() {
        UUID id = UUID.randomUUID();

        assertThat(PaymentId.of(id.toString())).isEqualTo(new PaymentId(id));
        assertThatThrownBy(() -> PaymentId.of("42")).isInstanceOf(ValidationException.class)
                .hasMessageContaining("must be a UUID").hasMessageContaining("42");
    }
}
