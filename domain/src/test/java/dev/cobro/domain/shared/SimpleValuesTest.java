package dev.cobro.domain.shared;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Description, HttpUrl, ProviderId and TransactionKind: small values with one rule each. */
class SimpleValuesTest {

    @Test
    void aDescriptionMayHaveFiftyCharacters() {
        String fifty = "d".repeat(50);

        assertThat(new Description(fifty).value()).isEqualTo(fifty);
    }

    @Test
    void aDescriptionOfFiftyOneCharactersIsRejected() {
        assertThatThrownBy(() -> new Description("d".repeat(51)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("description")
                .hasMessageContaining("at most 50 characters");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void aDescriptionIsRequired(String blank) {
        assertThatThrownBy(() -> new Description(blank))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("description: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://shop.example/cobro/notify", "http://localhost:8080/hook?x=1",
            "HTTPS://SHOP.EXAMPLE", "https://shop.example#top"})
    void absoluteHttpAndHttpsUrlsAreAccepted(String url) {
        assertThat(new HttpUrl(url).value()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://shop.example/x", "/relative/path", "shop.example/notify", "https://",
            "https://shop example/x", "https://user@shop.example/", "javascript:alert(1)"})
    void anythingButAnAbsoluteHttpUrlIsRejected(String url) {
        assertThatThrownBy(() -> new HttpUrl(url))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("url")
                .hasMessageContaining("absolute http or https URL")
                .hasMessageContaining(url);
    }

    @Test
    void aMissingUrlIsRequired() {
        assertThatThrownBy(() -> new HttpUrl(null))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("url: is required");
    }

    @ParameterizedTest
    @ValueSource(strings = {"88pay", "payme", "my_provider-2"})
    void providerIdsAreLowerCaseNames(String id) {
        assertThat(ProviderId.of(id)).hasToString(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"PayMe", "-payme", "pay me", "a23456789012345678901234567890123"})
    void otherProviderIdsAreRejected(String id) {
        assertThatThrownBy(() -> ProviderId.of(id))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("provider");
    }

    @Test
    void transactionKindsUseTheCliNames() {
        assertThat(TransactionKind.fromCode("checkout_payment")).isEqualTo(TransactionKind.CHECKOUT_PAYMENT);
        assertThat(TransactionKind.fromCode("card_authorization")).isEqualTo(TransactionKind.CARD_AUTHORIZATION);
        assertThatThrownBy(() -> TransactionKind.fromCode("refund"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("refund");
    }
}
