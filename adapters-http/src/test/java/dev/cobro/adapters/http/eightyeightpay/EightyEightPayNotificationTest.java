package dev.cobro.adapters.http.eightyeightpay;

import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.application.service.InMemoryTokenRequestLedger;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Clock;

import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.API_KEY;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.MERCHANT_ID;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.T0;
import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The webhook to {@code notification_url}, in both published spellings; no HTTP involved. */
class EightyEightPayNotificationTest {

    private final EightyEightPayCheckoutAdapter adapter = new EightyEightPayCheckoutAdapter(
            EightyEightPaySettings.defaults(EightyEightPaySettings.SANDBOX_BASE_URL, API_KEY, MERCHANT_ID),
            new InMemoryTokenRequestLedger(Clock.fixed(T0, java.time.ZoneOffset.UTC)), Clock.fixed(T0, java.time.ZoneOffset.UTC));

    @Test
    void snakeCaseNotificationParses() {
        ParsedNotification parsed = adapter.parseNotification(resource("notification-snake-case.json"));

        assertThat(parsed.sessionId()).isEqualTo("sess_4e91a5c1-0000-4000-8000-000000000001");
        assertThat(parsed.reference()).isNull();
        assertThat(parsed.rawStatus()).isEqualTo("COMPLETED");
        assertThat(parsed.mappedStatus()).isEqualTo(PaymentStatus.SUCCEEDED);
        // transaction_amount is a string on the wire: "50000".
        assertThat(parsed.amount()).isEqualByComparingTo(new BigDecimal("50000"));
        assertThat(parsed.currency()).isNull();
    }

    @Test
    void olderCamelCaseNotificationParses() {
        ParsedNotification parsed = adapter.parseNotification(resource("notification-camel-case.json"));

        assertThat(parsed.sessionId()).isEqualTo("sess_7f1c2d3e-0000-4000-8000-000000000002");
        assertThat(parsed.rawStatus()).isEqualTo("canceled");
        assertThat(parsed.mappedStatus()).isEqualTo(PaymentStatus.CANCELLED);
        // totalAmount is a JSON number, read exactly (never through a double).
        assertThat(parsed.amount()).isEqualTo(new BigDecimal("53.75"));
        assertThat(parsed.currency()).isNull();
    }

    @Test
    void referenceAndCurrencyAreKeptWhenPresent() {
        ParsedNotification parsed = adapter.parseNotification("{\"transaction_id\":\"sess_1\",\"reference\":\"TRX-889\","
                + "\"transaction_status\":\"COMPLETED\",\"transaction_amount\":\"100.00\",\"currency\":\"MXN\"}");

        assertThat(parsed.reference()).isEqualTo("TRX-889");
        assertThat(parsed.currency()).isEqualTo("MXN");
        assertThat(parsed.amount()).isEqualTo(new BigDecimal("100.00"));
    }

    @Test
    void aReferenceAloneIsEnoughToMatch() {
        ParsedNotification parsed = adapter.parseNotification(
                "{\"reference\":\"TRX-889\",\"transaction_status\":\"EXPIRED\"}");

        assertThat(parsed.sessionId()).isNull();
        assertThat(parsed.reference()).isEqualTo("TRX-889");
        assertThat(parsed.mappedStatus()).isEqualTo(PaymentStatus.EXPIRED);
        assertThat(parsed.amount()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "COMPLETED, SUCCEEDED", "completed, SUCCEEDED", "APPROVED, SUCCEEDED", "PAID, SUCCEEDED",
            "Success, SUCCEEDED",
            "canceled, CANCELLED", "CANCELED, CANCELLED", "cancelled, CANCELLED",
            "FAILED, FAILED", "rejected, FAILED", "DECLINED, FAILED",
            "EXPIRED, EXPIRED", "expired, EXPIRED"})
    void statusMapping(String raw, PaymentStatus expected) {
        ParsedNotification parsed = adapter.parseNotification(
                "{\"transaction_id\":\"sess_1\",\"transaction_status\":\"" + raw + "\",\"transaction_amount\":\"1\"}");

        assertThat(parsed.mappedStatus()).isEqualTo(expected);
        assertThat(parsed.rawStatus()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PENDING", "PROCESSING", "REFUNDED", ""})
    void anUnknownStatusIsKeptAsReceivedAndMapsToNothing(String raw) {
        ParsedNotification parsed = adapter.parseNotification(
                "{\"transaction_id\":\"sess_1\",\"transaction_status\":\"" + raw + "\"}");

        assertThat(parsed.mappedStatus()).isNull();
        assertThat(parsed.rawStatus()).isEqualTo(raw);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"transaction_id\":", "[1,2]", "\"sess_1\"", "null", "  "})
    void aBodyThatIsNotAJsonObjectIsInvalid(String body) {
        assertThatThrownBy(() -> adapter.parseNotification(body)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("body");
    }

    @Test
    void aNotificationWithNeitherTransactionIdNorReferenceIsInvalid() {
        assertThatThrownBy(() -> adapter.parseNotification(
                "{\"transaction_status\":\"COMPLETED\",\"transaction_amount\":\"50000\"}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("transaction_id");
    }

    @Test
    void anAmountThatIsNotANumberIsInvalid() {
        assertThatThrownBy(() -> adapter.parseNotification(
                "{\"transaction_id\":\"sess_1\",\"transaction_status\":\"COMPLETED\",\"transaction_amount\":\"fifty\"}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("transaction_amount");
    }

    @Test
    void aFieldOfTheWrongShapeIsInvalidWithoutQuotingTheBody() {
        assertThatThrownBy(() -> adapter.parseNotification(
                "{\"transaction_id\":{\"nested\":\"sess_secret\"},\"transaction_status\":\"COMPLETED\"}"))
                .isInstanceOf(ValidationException.class)
                .hasMessageNotContaining("sess_secret");
    }

    @Test
    void theBodyKeptForTheRecordHidesTheTransactionIdInBothSpellings() {
        String snake = resource("notification-snake-case.json");
        String camel = "{\"transactionId\":\"sess_camel-0001\",\"transactionStatus\":\"canceled\",\"totalAmount\":53.75}";

        assertThat(adapter.redactedNotificationBody(snake)).doesNotContain("sess_4e91a5c1")
                .contains("\"transaction_id\":\"***\"", "COMPLETED", "50000");
        assertThat(adapter.redactedNotificationBody(camel)).doesNotContain("sess_camel").contains("53.75");
    }
}
