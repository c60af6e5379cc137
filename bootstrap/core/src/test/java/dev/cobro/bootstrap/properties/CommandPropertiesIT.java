package dev.cobro.bootstrap.properties;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.bootstrap.faults.CobroRows;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.ValidationException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.seedBilling;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever a host passes in, Cobro answers with a documented error (one ValidationException
 * naming the bad fields, an IdempotencyConflictException, a ProviderNotConfiguredException for a
 * provider it does not have) or a documented outcome: never a NullPointerException or another
 * surprise, and never a message, a log line or a row that shows a card number, a CVV or a
 * credential. Against the provider sandbox over HTTP and a real PostgreSQL.
 */
class CommandPropertiesIT {

    private static final Set<PaymentStatus> CHECKOUT_OUTCOMES = EnumSet.of(PaymentStatus.AWAITING_CUSTOMER,
            PaymentStatus.REJECTED, PaymentStatus.NOT_SENT, PaymentStatus.UNKNOWN);
    private static final Set<AuthorizationStatus> AUTHORIZATION_OUTCOMES = EnumSet.of(AuthorizationStatus.AUTHORIZED,
            AuthorizationStatus.DECLINED, AuthorizationStatus.REJECTED, AuthorizationStatus.NOT_SENT,
            AuthorizationStatus.UNKNOWN);
    private static final List<String> CREDENTIALS = List.of(ProviderSandbox.DEFAULT_88PAY_API_KEY,
            ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);

    static ProviderSandbox sandbox;
    static Cobro cobro;
    static CobroRows rows;
    static CapturedLogs logs;

    @BeforeContainer
    static void start() {
        logs = CapturedLogs.attach("dev.cobro");
        // A no-answer token (last four 0119) is possible among random ones: it must cost a second, not a minute.
        sandbox = ProviderSandbox.builder().port(0).noAnswerHold(Duration.ofSeconds(3)).start();
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        rows = new CobroRows(db.dataSource());
        cobro = Cobro.builder()
                .jdbcUrl(db.jdbcUrl(), db.user(), db.password())
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                                ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                        .withTimeouts(new HttpTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(1))))
                .build();
    }

    @AfterContainer
    static void stop() {
        if (cobro != null) {
            cobro.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        if (logs != null) {
            logs.close();
        }
    }

    @Property(tries = 150)
    void anyCheckoutRequestGetsADocumentedErrorOrADocumentedOutcome(
            @ForAll("providers") String provider, @ForAll("references") String reference,
            @ForAll("texts") String customerId, @ForAll("amounts") BigDecimal amount,
            @ForAll("currencies") String currency, @ForAll("countries") String country,
            @ForAll("methods") Tuple.Tuple2<String, String> method,
            @ForAll("texts") String description, @ForAll("urls") String notificationUrl,
            @ForAll("urls") String returnUrl) {
        SecretScan scan = SecretScan.of(CREDENTIALS);
        int logsBefore = logs.lines().size();
        StartCheckoutPaymentCommand command;
        try {
            command = StartCheckoutPaymentCommand.builder()
                    .provider(provider)
                    .merchantReference(reference)
                    .customerId(customerId)
                    .amount(amount)
                    .currency(currency)
                    .country(country)
                    .method(method.get1(), method.get2())
                    .description(description)
                    .notificationUrl(notificationUrl)
                    .returnUrl(returnUrl)
                    .build();
        } catch (ValidationException invalid) {
            assertThat(invalid.violations()).isNotEmpty();
            scan.assertAbsentFrom(invalid);
            Statistics.label("checkout").collect("invalid command");
            return;
        }
        try {
            CheckoutPaymentResult result = cobro.checkoutPayments().start(command);
            if (result instanceof CheckoutPaymentResult.Created) {
                assertThat(result.payment().status()).isIn(CHECKOUT_OUTCOMES);
            }
            Statistics.label("checkout").collect(result.getClass().getSimpleName() + " " + result.payment().status());
            assertThat(rows.attemptsOf(result.payment().id().value())).isNotEmpty();
            scan.assertAbsentFrom("the attempt rows", rows.attemptsOf(result.payment().id().value()).stream()
                    .map(a -> a.request() + " " + a.response() + " " + a.providerMessage()).toList());
        } catch (ValidationException | IdempotencyConflictException documented) {
            scan.assertAbsentFrom(documented);
            Statistics.label("checkout").collect(documented.getClass().getSimpleName());
        } catch (ProviderNotConfiguredException notConfigured) {
            Statistics.label("checkout").collect(notConfigured.getClass().getSimpleName());
            assertThat(provider).isNotEqualTo("88pay");
            scan.assertAbsentFrom(notConfigured);
        }
        scan.assertAbsentFrom("a log line", logs.lines().subList(logsBefore, logs.lines().size()));
        // Random input that is always refused would test only the validation: enough must reach 88Pay.
        Statistics.label("checkout").coverage(coverage -> coverage
                .checkQuery(outcome -> ((String) outcome.get(0)).startsWith("Created")).percentage(p -> p >= 5));
    }

    @Property(tries = 250)
    void anyCardAuthorizationGetsADocumentedErrorOrADocumentedOutcome(
            @ForAll("cardPayments") Tuple.Tuple2<CardData, Channel> payment,
            @ForAll("cardAmounts") BigDecimal amount, @ForAll("currencies") String currency,
            @ForAll("operationNumbers") String operationNumber, @ForAll("texts") String firstName,
            @ForAll("emails") String email, @ForAll("texts") String description,
            @ForAll("texts") String customerId) {
        CardData card = payment.get1();
        Channel channel = payment.get2();
        SecretScan scan = SecretScan.of(CREDENTIALS).pan(card.pan()).secret(card.tokenId());
        int logsBefore = logs.lines().size();
        Money money;
        try {
            money = amount == null ? null : Money.of(amount, Money.parseCurrency(currency));
        } catch (IllegalArgumentException | ArithmeticException invalidMoney) {
            // Money's own documented errors (DESIGN.md); without a Money there is no command to send.
            scan.assertAbsentFrom(invalidMoney);
            Statistics.label("authorization").collect("invalid money");
            return;
        }
        AuthorizeCardCommand command;
        try {
            command = new AuthorizeCardCommand(ProviderId.PAYME,
                    operationNumber == null ? null : new OperationNumber(operationNumber), channel, money, card,
                    new CardHolder(firstName, "Perez Sanchez", email, "PER", "DNI", "87654321"),
                    seedBilling(), null, description == null ? null : new Description(description), null,
                    customerId == null ? null : new CustomerId(customerId));
        } catch (ValidationException invalid) {
            scan.assertAbsentFrom(invalid);
            Statistics.label("authorization").collect("invalid command");
            return;
        }
        scan.assertAbsentFrom("the command's toString", command.toString());
        try {
            AuthorizationResult result = cobro.cardAuthorizations().authorize(command);
            if (result instanceof AuthorizationResult.Created) {
                assertThat(result.authorization().status()).isIn(AUTHORIZATION_OUTCOMES);
            }
            Statistics.label("authorization").collect(result.getClass().getSimpleName() + " "
                    + result.authorization().status());
            UUID id = result.authorization().id().value();
            assertThat(rows.attemptsOf(id)).isNotEmpty();
            scan.assertAbsentFrom("the attempt rows", rows.attemptsOf(id).stream()
                    .map(a -> a.request() + " " + a.response() + " " + a.providerMessage()).toList());
            scan.assertAbsentFrom("the stored authorization", result.authorization().toString());
        } catch (ValidationException | IdempotencyConflictException documented) {
            scan.assertAbsentFrom(documented);
            Statistics.label("authorization").collect(documented.getClass().getSimpleName());
        }
        scan.assertAbsentFrom("a log line", logs.lines().subList(logsBefore, logs.lines().size()));
        // Card data has many ways to be wrong, so fewer tries get through; a few dozen still must.
        Statistics.label("authorization").coverage(coverage -> coverage
                .checkQuery(outcome -> ((String) outcome.get(0)).startsWith("Created")).percentage(p -> p >= 5));
    }

    @Example
    void aNulCharacterInAUrlIsRefusedAsBadInputNotTakenForADatabaseOutage() {
        long charges = sandbox.charges88Pay();

        // PostgreSQL cannot store U+0000 in text: it must be refused as input (CLI exit 2), not fail at the
        // write-ahead as if the database were down (exit 5).
        assertThatThrownBy(() -> cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference("nul-" + UUID.randomUUID())
                .customerId("cust-42")
                .amount(new BigDecimal("12.34"))
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order")
                .notificationUrl("https://shop.example/notify\u0000")
                .returnUrl("https://shop.example/thanks")
                .build()))
                .isInstanceOf(ValidationException.class);
        assertThat(sandbox.charges88Pay()).isEqualTo(charges);
    }

    @Example
    void anAmountTooLargeForPaymesFifteenDigitsIsRefusedAsBadInput() {
        long authorizations = sandbox.paymeAuthorizations();
        // 11 digits before the point: not Money at all (DESIGN.md, Domain: at most 10, Pay-me's 15-digit
        // form less its five decimals), so it is refused before anything is recorded or sent.

        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(
                dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization()
                        .withAmount("10000000000.00").withCurrency("PEN").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 digits before the decimal point");
        assertThat(sandbox.paymeAuthorizations()).isEqualTo(authorizations);
    }

    // ---- what a host might pass -------------------------------------------------------------------

    @Provide
    Arbitrary<String> providers() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.just("88pay")),
                Tuple.of(1, Arbitraries.of("payme", "88PAY", "", " ", "toywallet")),
                Tuple.of(1, anyText(12))).injectNull(0.01);
    }

    @Provide
    Arbitrary<String> references() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.strings().alpha().numeric().ofMinLength(6).ofMaxLength(20)
                        .map(s -> "prop-" + s)),
                // A few shared keys: the same key again is answered from the record, or is a conflict.
                Tuple.of(3, Arbitraries.of("dup-1", "dup-2", "dup-3")),
                Tuple.of(1, anyText(80))).injectNull(0.01);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.strings().alpha().numeric().withChars(' ', '#', '-').ofMinLength(1)
                        .ofMaxLength(30)),
                Tuple.of(1, anyText(70))).injectNull(0.01);
    }

    @Provide
    Arbitrary<BigDecimal> amounts() {
        Arbitrary<BigDecimal> plausible = Arbitraries.integers().between(0, 2).flatMap(scale ->
                Arbitraries.bigDecimals().between(new BigDecimal("1"), new BigDecimal("99999")).ofScale(scale));
        Arbitrary<BigDecimal> negative = Arbitraries.bigDecimals().between(new BigDecimal("-100"),
                new BigDecimal("-0.01")).ofScale(2);
        Arbitrary<BigDecimal> tooPrecise = Arbitraries.bigDecimals().between(new BigDecimal("0"),
                new BigDecimal("1000")).ofScale(4);
        return Arbitraries.frequencyOf(
                Tuple.of(30, plausible),
                Tuple.of(1, tooPrecise),
                Tuple.of(1, negative),
                Tuple.of(1, Arbitraries.of(BigDecimal.ZERO, new BigDecimal("0.001"), new BigDecimal("-0.01"),
                        new BigDecimal("1E+20"), new BigDecimal("10000000000.00"), new BigDecimal("1E-30"),
                        new BigDecimal("99999999999999999999.99")))).injectNull(0.01);
    }

    /**
     * As {@link #amounts()}, within Pay-me's 15-digit five-decimal form: what a larger one does today is
     * pinned by anAmountTooLargeForPaymesFifteenDigitsIsRefusedAsBadInput, and a property that always
     * failed on it could find nothing else.
     */
    @Provide
    Arbitrary<BigDecimal> cardAmounts() {
        return amounts().filter(a -> a == null || a.abs().compareTo(new BigDecimal("9999999999.99999")) <= 0);
    }

    @Provide
    Arbitrary<String> currencies() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.of("MXN", "COP", "PEN", "USD")),
                // Zero decimals: most random amounts are too precise for it.
                Tuple.of(2, Arbitraries.just("CLP")),
                Tuple.of(1, Arbitraries.of("", "mxn", "XXX", "XTS", "EURO", "pen ", "604")),
                Tuple.of(1, anyText(5))).injectNull(0.01);
    }

    @Provide
    Arbitrary<String> countries() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.of("MEX", "COL", "PER", "CHL")),
                Tuple.of(1, Arbitraries.of("", "mex", "MX", "ZZZ", "MEXI")),
                Tuple.of(1, anyText(5))).injectNull(0.01);
    }

    /** (method_code, method_category): mostly a pair 88Pay publishes, sometimes a mismatch or garbage. */
    @Provide
    Arbitrary<Tuple.Tuple2<String, String>> methods() {
        Arbitrary<Tuple.Tuple2<String, String>> published = Arbitraries.of(
                Tuple.of("CARDS", "CARD"), Tuple.of("NEQUI", "WALLET"), Tuple.of("PAYPAL", "WALLET"),
                Tuple.of("OXXO", "CASH"), Tuple.of("CASH", "CASH"), Tuple.of("PSE", "BANK"), Tuple.of("SPEI", "BANK"),
                Tuple.of("USDT", "CRYPTO"));
        Arbitrary<String> anyCode = Arbitraries.oneOf(Arbitraries.of("CARDS", "OXXO", "", "cards", "PIGEON"),
                anyText(20)).injectNull(0.1);
        Arbitrary<String> anyCategory = Arbitraries.oneOf(Arbitraries.of("CARD", "CASH", "", "card", "BARTER"),
                anyText(20)).injectNull(0.1);
        return Arbitraries.frequencyOf(
                Tuple.of(30, published),
                Tuple.of(2, net.jqwik.api.Combinators.combine(anyCode, anyCategory).as(Tuple::of)));
    }

    @Provide
    Arbitrary<String> urls() {
        return Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.strings().alpha().numeric().ofMaxLength(20)
                        .map(path -> "https://shop.example/" + path)),
                Tuple.of(1, Arbitraries.of("", "http://", "ftp://shop.example/x", "https://a b/", "shop.example",
                        "https://user:pw@shop.example/", "https://shop.example:99999/", "javascript:alert(1)",
                        "https://shop.example/" + "x".repeat(2100))),
                Tuple.of(1, anyText(40).map(s -> "https://shop.example/" + s)),
                Tuple.of(1, anyText(40))).injectNull(0.01);
    }

    @Provide
    Arbitrary<String> emails() {
        return Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(s -> s + "@mail.example")),
                Tuple.of(1, anyText(30)),
                Tuple.of(1, Arbitraries.of("", "@", "a@b", "x".repeat(70) + "@mail.example"))).injectNull(0.01);
    }

    /** Card data with the channel it goes with (1: card or token and CVV, 3: token alone), or any channel. */
    @Provide
    Arbitrary<Tuple.Tuple2<CardData, Channel>> cardPayments() {
        Arbitrary<Channel> anyChannel = Arbitraries.of(Channel.class).injectNull(0.1);
        Arbitrary<Tuple.Tuple2<CardData, Channel>> fitting = cards().map(card -> Tuple.of(card,
                card.tokenId() != null && card.pan() == null && card.cvv() == null
                        ? Channel.CARD_ON_FILE : Channel.ECOMMERCE));
        return Arbitraries.frequencyOf(
                Tuple.of(9, fitting),
                Tuple.of(1, net.jqwik.api.Combinators.combine(cards(), anyChannel).as(Tuple::of)));
    }

    @Provide
    Arbitrary<String> operationNumbers() {
        return Arbitraries.frequencyOf(
                // Mostly none: Cobro's sequence numbers it.
                Tuple.of(24, Arbitraries.just((String) null)),
                Tuple.of(4, Arbitraries.of("777000001", "777000002", "777000003")),
                Tuple.of(1, Arbitraries.of("", "0", "1234567890", "12a", "-5", " 42")),
                Tuple.of(1, anyText(12)));
    }

    @Provide
    Arbitrary<CardData> cards() {
        Arbitrary<String> cvv = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.strings().numeric().ofMinLength(3).ofMaxLength(4)),
                Tuple.of(1, Arbitraries.of("", "12", "12345", "abc", " 123")),
                Tuple.of(1, anyText(6))).injectNull(0.03);
        Arbitrary<String> expiry = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.of("1230", "0635", "1299", "0134")),
                // Expired, impossible months, not MMYY at all.
                Tuple.of(2, Arbitraries.of("0120", "1220", "1330", "0030", "12/30", "", "123")),
                Tuple.of(1, anyText(6))).injectNull(0.01);
        Arbitrary<String> tokenId = Arbitraries.frequencyOf(
                Tuple.of(30, Arbitraries.strings().alpha().numeric().withChars('-', '_').ofMinLength(8)
                        .ofMaxLength(25).filter(t -> !t.endsWith("0119"))),
                Tuple.of(1, Arbitraries.of("", "tok en", "x".repeat(26))),
                Tuple.of(1, anyText(30)));
        Arbitrary<CardData> withCard = net.jqwik.api.Combinators.combine(pans(), expiry, cvv).as(CardData::card);
        // A token goes with its CVV on channel 1, alone on channel 3.
        Arbitrary<CardData> withToken = net.jqwik.api.Combinators.combine(tokenId, cvv.injectNull(0.5))
                .as(CardData::token);
        Arbitrary<CardData> both = net.jqwik.api.Combinators.combine(pans(), expiry, cvv, tokenId)
                .as(CardData::new);
        return Arbitraries.frequencyOf(Tuple.of(14, withCard), Tuple.of(5, withToken), Tuple.of(1, both));
    }

    Arbitrary<String> pans() {
        Arbitrary<String> luhnValid = Arbitraries.strings().numeric().ofMinLength(12).ofMaxLength(18)
                .map(CommandPropertiesIT::withLuhnDigit).filter(p -> !p.equals(ProviderSandbox.CARD_NO_ANSWER));
        return Arbitraries.frequencyOf(
                Tuple.of(20, luhnValid),
                Tuple.of(10, Arbitraries.of(ProviderSandbox.CARD_APPROVED_MASTERCARD, ProviderSandbox.CARD_DECLINED,
                        ProviderSandbox.CARD_INSUFFICIENT_FUNDS)),
                // Luhn-invalid, too short, too long, spaced, lettered.
                Tuple.of(2, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25)),
                Tuple.of(1, Arbitraries.of("4859 5100 0000 0051", "4859-5100-0000-0051", "", "485951000000005X")),
                Tuple.of(1, anyText(20))).injectNull(0.01);
    }

    /** Any characters at all: control characters, NUL, lone surrogates, right-to-left marks. */
    private static Arbitrary<String> anyText(int maxLength) {
        return Arbitraries.strings().all().ofMaxLength(maxLength);
    }

    private static String withLuhnDigit(String digits) {
        for (char check = '0'; check <= '9'; check++) {
            String candidate = digits + check;
            if (dev.cobro.domain.authorization.CardSecret.passesLuhn(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Luhn check digit for " + digits.length() + " digits");
    }
}
