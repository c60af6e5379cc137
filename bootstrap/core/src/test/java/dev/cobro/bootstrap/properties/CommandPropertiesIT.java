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
import dev.cobro.domain.testing.Gen;
import dev.cobro.domain.testing.PropertyCheck;
import dev.cobro.domain.testing.Tally;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.StoreUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.seedBilling;
import static dev.cobro.domain.testing.Gen.weighted;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whatever a host passes in, Cobro answers with a documented error (one ValidationException
 * naming the bad fields, an IdempotencyConflictException, a ProviderNotConfiguredException for a
 * provider it does not have, a ProviderUnavailableException or StoreUnavailableException when a
 * provider or the database cannot be reached in time, a ProviderConfigurationException) or a
 * documented outcome: never a NullPointerException or another surprise, and never a message, a log
 * line or a row that shows a card number, a CVV or a credential. Against the provider sandbox over
 * HTTP and a real PostgreSQL; the examples come from a fixed seed ({@link PropertyCheck}).
 */
class CommandPropertiesIT {

    private static final Logger LOG = LoggerFactory.getLogger(CommandPropertiesIT.class);
    private static final Set<PaymentStatus> CHECKOUT_OUTCOMES = EnumSet.of(PaymentStatus.AWAITING_CUSTOMER,
            PaymentStatus.REJECTED, PaymentStatus.NOT_SENT, PaymentStatus.UNKNOWN);
    private static final Set<AuthorizationStatus> AUTHORIZATION_OUTCOMES = EnumSet.of(AuthorizationStatus.AUTHORIZED,
            AuthorizationStatus.DECLINED, AuthorizationStatus.REJECTED, AuthorizationStatus.NOT_SENT,
            AuthorizationStatus.UNKNOWN);
    private static final List<String> CREDENTIALS = List.of(ProviderSandbox.DEFAULT_88PAY_API_KEY,
            ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET);
    /**
     * The sandbox answers every example here (its no-answer card and token are never drawn), so its
     * timeouts only have to outlast a loaded machine: a slow answer would otherwise turn into an
     * UNKNOWN or a ProviderUnavailableException, documented but not what the property is after.
     */
    private static final HttpTimeouts SANDBOX_TIMEOUTS = new HttpTimeouts(Duration.ofSeconds(10),
            Duration.ofSeconds(30));

    static ProviderSandbox sandbox;
    static Cobro cobro;
    static CobroRows rows;
    static CapturedLogs logs;

    /** What a host might pass to start a checkout payment. */
    record CheckoutInput(String provider, String reference, String customerId, BigDecimal amount, String currency,
            String country, String methodCode, String methodCategory, String description, String notificationUrl,
            String returnUrl) {
    }

    /** What a host might pass to authorize a card (the card's toString masks it; the seed replays it). */
    record CardInput(CardData card, Channel channel, BigDecimal amount, String currency, String operationNumber,
            String firstName, String email, String description, String customerId) {
    }

    record CardPayment(CardData card, Channel channel) {
    }

    @BeforeAll
    static void start() {
        logs = CapturedLogs.attach("dev.cobro");
        // A no-answer card or token is never drawn; if one were, the hold costs seconds, not a minute.
        sandbox = ProviderSandbox.builder().port(0).noAnswerHold(Duration.ofSeconds(3)).start();
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        rows = new CobroRows(db.dataSource());
        cobro = Cobro.builder()
                .jdbcUrl(db.jdbcUrl(), db.user(), db.password())
                .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                        .withTimeouts(SANDBOX_TIMEOUTS))
                .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                                ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET)
                        .withTimeouts(SANDBOX_TIMEOUTS))
                .build();
    }

    @AfterAll
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

    @Test
    void anyCheckoutRequestGetsADocumentedErrorOrADocumentedOutcome() {
        Tally outcomes = new Tally("checkout");

        PropertyCheck.forAll("anyCheckoutRequestGetsADocumentedErrorOrADocumentedOutcome", 150, checkoutInputs(),
                input -> checkout(input, outcomes));
        LOG.info("{}", outcomes);

        // Random input that is always refused would test only the validation: enough must reach 88Pay.
        assertThat(outcomes.percentage(outcome -> outcome.startsWith("Created")))
                .as("%s; %s", outcomes, PropertyCheck.replay()).isGreaterThanOrEqualTo(5);
    }

    private static void checkout(CheckoutInput input, Tally outcomes) {
        SecretScan scan = SecretScan.of(CREDENTIALS);
        CapturedLogs.Mark logsBefore = logs.mark();
        StartCheckoutPaymentCommand command;
        try {
            command = StartCheckoutPaymentCommand.builder()
                    .provider(input.provider())
                    .merchantReference(input.reference())
                    .customerId(input.customerId())
                    .amount(input.amount())
                    .currency(input.currency())
                    .country(input.country())
                    .method(input.methodCode(), input.methodCategory())
                    .description(input.description())
                    .notificationUrl(input.notificationUrl())
                    .returnUrl(input.returnUrl())
                    .build();
        } catch (ValidationException invalid) {
            assertThat(invalid.violations()).isNotEmpty();
            scan.assertAbsentFrom(invalid);
            outcomes.collect("invalid command");
            return;
        }
        try {
            CheckoutPaymentResult result = cobro.checkoutPayments().start(command);
            if (result instanceof CheckoutPaymentResult.Created) {
                assertThat(result.payment().status()).isIn(CHECKOUT_OUTCOMES);
            }
            outcomes.collect(result.getClass().getSimpleName() + " " + result.payment().status());
            assertThat(rows.attemptsOf(result.payment().id().value())).isNotEmpty();
            scan.assertAbsentFrom("the attempt rows", rows.attemptsOf(result.payment().id().value()).stream()
                    .map(a -> a.request() + " " + a.response() + " " + a.providerMessage()).toList());
        } catch (ValidationException | IdempotencyConflictException | ProviderUnavailableException
                 | StoreUnavailableException | ProviderConfigurationException documented) {
            scan.assertAbsentFrom(documented);
            outcomes.collect(documented.getClass().getSimpleName());
        } catch (ProviderNotConfiguredException notConfigured) {
            outcomes.collect(notConfigured.getClass().getSimpleName());
            assertThat(input.provider()).isNotEqualTo("88pay");
            scan.assertAbsentFrom(notConfigured);
        }
        scan.assertAbsentFrom("a log line", logs.since(logsBefore));
    }

    @Test
    void anyCardAuthorizationGetsADocumentedErrorOrADocumentedOutcome() {
        Tally outcomes = new Tally("authorization");

        PropertyCheck.forAll("anyCardAuthorizationGetsADocumentedErrorOrADocumentedOutcome", 250, cardInputs(),
                input -> authorize(input, outcomes));
        LOG.info("{}", outcomes);

        // Card data has many ways to be wrong, so fewer tries get through; a few dozen still must.
        assertThat(outcomes.percentage(outcome -> outcome.startsWith("Created")))
                .as("%s; %s", outcomes, PropertyCheck.replay()).isGreaterThanOrEqualTo(5);
    }

    private static void authorize(CardInput input, Tally outcomes) {
        CardData card = input.card();
        SecretScan scan = SecretScan.of(CREDENTIALS).pan(card.pan()).secret(card.tokenId());
        CapturedLogs.Mark logsBefore = logs.mark();
        Money money;
        try {
            money = input.amount() == null ? null : Money.of(input.amount(), Money.parseCurrency(input.currency()));
        } catch (IllegalArgumentException | ArithmeticException invalidMoney) {
            // Money's own documented errors; without a Money there is no command to send.
            scan.assertAbsentFrom(invalidMoney);
            outcomes.collect("invalid money");
            return;
        }
        AuthorizeCardCommand command;
        try {
            command = new AuthorizeCardCommand(ProviderId.PAYME,
                    input.operationNumber() == null ? null : new OperationNumber(input.operationNumber()),
                    input.channel(), money, card,
                    new CardHolder(input.firstName(), "Perez Sanchez", input.email(), "PER", "DNI", "87654321"),
                    seedBilling(), null, input.description() == null ? null : new Description(input.description()),
                    null, input.customerId() == null ? null : new CustomerId(input.customerId()));
        } catch (ValidationException invalid) {
            scan.assertAbsentFrom(invalid);
            outcomes.collect("invalid command");
            return;
        }
        scan.assertAbsentFrom("the command's toString", command.toString());
        try {
            AuthorizationResult result = cobro.cardAuthorizations().authorize(command);
            if (result instanceof AuthorizationResult.Created) {
                assertThat(result.authorization().status()).isIn(AUTHORIZATION_OUTCOMES);
            }
            outcomes.collect(result.getClass().getSimpleName() + " " + result.authorization().status());
            UUID id = result.authorization().id().value();
            assertThat(rows.attemptsOf(id)).isNotEmpty();
            scan.assertAbsentFrom("the attempt rows", rows.attemptsOf(id).stream()
                    .map(a -> a.request() + " " + a.response() + " " + a.providerMessage()).toList());
            scan.assertAbsentFrom("the stored authorization", result.authorization().toString());
        } catch (ValidationException | IdempotencyConflictException | ProviderUnavailableException
                 | StoreUnavailableException | ProviderConfigurationException documented) {
            scan.assertAbsentFrom(documented);
            outcomes.collect(documented.getClass().getSimpleName());
        }
        scan.assertAbsentFrom("a log line", logs.since(logsBefore));
    }

    @Test
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

    @Test
    void anAmountTooLargeForPaymesFifteenDigitsIsRefusedAsBadInput() {
        long authorizations = sandbox.paymeAuthorizations();
        // 11 digits before the point: not Money at all (at most 10, Pay-me's 15-digit form less its five
        // decimals), so it is refused before anything is recorded or sent.

        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(
                dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization()
                        .withAmount("10000000000.00").withCurrency("PEN").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10 digits before the decimal point");
        assertThat(sandbox.paymeAuthorizations()).isEqualTo(authorizations);
    }

    // ---- what a host might pass -------------------------------------------------------------------

    static Gen<CheckoutInput> checkoutInputs() {
        Gen<String> providers = providers();
        Gen<String> references = references();
        Gen<String> texts = texts();
        Gen<BigDecimal> amounts = amounts();
        Gen<String> currencies = currencies();
        Gen<String> countries = countries();
        Gen<String[]> methods = methods();
        Gen<String> urls = urls();
        return random -> {
            String provider = providers.next(random);
            String reference = references.next(random);
            String customerId = texts.next(random);
            BigDecimal amount = amounts.next(random);
            String currency = currencies.next(random);
            String country = countries.next(random);
            String[] method = methods.next(random);
            return new CheckoutInput(provider, reference, customerId, amount, currency, country, method[0],
                    method[1], texts.next(random), urls.next(random), urls.next(random));
        };
    }

    static Gen<CardInput> cardInputs() {
        Gen<CardPayment> payments = cardPayments();
        Gen<BigDecimal> amounts = cardAmounts();
        Gen<String> currencies = currencies();
        Gen<String> operationNumbers = operationNumbers();
        Gen<String> texts = texts();
        Gen<String> emails = emails();
        return random -> {
            CardPayment payment = payments.next(random);
            BigDecimal amount = amounts.next(random);
            String currency = currencies.next(random);
            String operationNumber = operationNumbers.next(random);
            String firstName = texts.next(random);
            String email = emails.next(random);
            return new CardInput(payment.card(), payment.channel(), amount, currency, operationNumber,
                    firstName, email, texts.next(random), texts.next(random));
        };
    }

    static Gen<String> providers() {
        return Gen.frequency(
                weighted(40, Gen.constant("88pay")),
                weighted(1, Gen.of("payme", "88PAY", "", " ", "toywallet")),
                weighted(1, anyText(12))).orNull(0.01);
    }

    static Gen<String> references() {
        return Gen.frequency(
                weighted(30, Gen.strings().alpha().numeric().ofLength(6, 20).map(s -> "prop-" + s)),
                // A few shared keys: the same key again is answered from the record, or is a conflict.
                weighted(3, Gen.of("dup-1", "dup-2", "dup-3")),
                weighted(1, anyText(80))).orNull(0.01);
    }

    static Gen<String> texts() {
        return Gen.frequency(
                weighted(30, Gen.strings().alpha().numeric().withChars(' ', '#', '-').ofLength(1, 30)),
                weighted(1, anyText(70))).orNull(0.01);
    }

    static Gen<BigDecimal> amounts() {
        Gen<BigDecimal> plausible = Gen.ints(0, 2).flatMap(scale ->
                Gen.bigDecimals(new BigDecimal("1"), new BigDecimal("99999"), scale));
        Gen<BigDecimal> negative = Gen.bigDecimals(new BigDecimal("-100"), new BigDecimal("-0.01"), 2);
        Gen<BigDecimal> tooPrecise = Gen.bigDecimals(new BigDecimal("0"), new BigDecimal("1000"), 4);
        return Gen.frequency(
                weighted(30, plausible),
                weighted(1, tooPrecise),
                weighted(1, negative),
                weighted(1, Gen.of(BigDecimal.ZERO, new BigDecimal("0.001"), new BigDecimal("-0.01"),
                        new BigDecimal("1E+20"), new BigDecimal("10000000000.00"), new BigDecimal("1E-30"),
                        new BigDecimal("99999999999999999999.99")))).orNull(0.01);
    }

    /**
     * As {@link #amounts()}, within Pay-me's 15-digit five-decimal form: what a larger one does today is
     * pinned by anAmountTooLargeForPaymesFifteenDigitsIsRefusedAsBadInput, and a property that always
     * failed on it could find nothing else.
     */
    static Gen<BigDecimal> cardAmounts() {
        return amounts().filter(a -> a == null || a.abs().compareTo(new BigDecimal("9999999999.99999")) <= 0);
    }

    static Gen<String> currencies() {
        return Gen.frequency(
                weighted(30, Gen.of("MXN", "COP", "PEN", "USD")),
                // Zero decimals: most random amounts are too precise for it.
                weighted(2, Gen.constant("CLP")),
                weighted(1, Gen.of("", "mxn", "XXX", "XTS", "EURO", "pen ", "604")),
                weighted(1, anyText(5))).orNull(0.01);
    }

    static Gen<String> countries() {
        return Gen.frequency(
                weighted(40, Gen.of("MEX", "COL", "PER", "CHL")),
                weighted(1, Gen.of("", "mex", "MX", "ZZZ", "MEXI")),
                weighted(1, anyText(5))).orNull(0.01);
    }

    /** (method_code, method_category): mostly a pair 88Pay publishes, sometimes a mismatch or garbage. */
    static Gen<String[]> methods() {
        Gen<String[]> published = Gen.of(
                new String[] {"CARDS", "CARD"}, new String[] {"NEQUI", "WALLET"}, new String[] {"PAYPAL", "WALLET"},
                new String[] {"OXXO", "CASH"}, new String[] {"CASH", "CASH"}, new String[] {"PSE", "BANK"},
                new String[] {"SPEI", "BANK"}, new String[] {"USDT", "CRYPTO"});
        Gen<String> anyCode = Gen.oneOf(Gen.of("CARDS", "OXXO", "", "cards", "PIGEON"), anyText(20)).orNull(0.1);
        Gen<String> anyCategory = Gen.oneOf(Gen.of("CARD", "CASH", "", "card", "BARTER"), anyText(20)).orNull(0.1);
        return Gen.frequency(
                weighted(30, published.map(String[]::clone)),
                weighted(2, random -> new String[] {anyCode.next(random), anyCategory.next(random)}));
    }

    static Gen<String> urls() {
        return Gen.frequency(
                weighted(40, Gen.strings().alpha().numeric().ofMaxLength(20)
                        .map(path -> "https://shop.example/" + path)),
                weighted(1, Gen.of("", "http://", "ftp://shop.example/x", "https://a b/", "shop.example",
                        "https://user:pw@shop.example/", "https://shop.example:99999/", "javascript:alert(1)",
                        "https://shop.example/" + "x".repeat(2100))),
                weighted(1, anyText(40).map(s -> "https://shop.example/" + s)),
                weighted(1, anyText(40))).orNull(0.01);
    }

    static Gen<String> emails() {
        return Gen.frequency(
                weighted(30, Gen.strings().alpha().ofLength(1, 12).map(s -> s + "@mail.example")),
                weighted(1, anyText(30)),
                weighted(1, Gen.of("", "@", "a@b", "x".repeat(70) + "@mail.example"))).orNull(0.01);
    }

    /** Card data with the channel it goes with (1: card or token and CVV, 3: token alone), or any channel. */
    static Gen<CardPayment> cardPayments() {
        Gen<Channel> anyChannel = Gen.of(Channel.class).orNull(0.1);
        Gen<CardData> cards = cards();
        Gen<CardPayment> fitting = cards.map(card -> new CardPayment(card,
                card.tokenId() != null && card.pan() == null && card.cvv() == null
                        ? Channel.CARD_ON_FILE : Channel.ECOMMERCE));
        return Gen.frequency(
                weighted(9, fitting),
                weighted(1, random -> new CardPayment(cards.next(random), anyChannel.next(random))));
    }

    static Gen<String> operationNumbers() {
        return Gen.frequency(
                // Mostly none: Cobro's sequence numbers it.
                weighted(24, Gen.constant((String) null)),
                weighted(4, Gen.of("777000001", "777000002", "777000003")),
                weighted(1, Gen.of("", "0", "1234567890", "12a", "-5", " 42")),
                weighted(1, anyText(12)));
    }

    static Gen<CardData> cards() {
        Gen<String> cvv = Gen.frequency(
                weighted(30, Gen.strings().numeric().ofLength(3, 4)),
                weighted(1, Gen.of("", "12", "12345", "abc", " 123")),
                weighted(1, anyText(6))).orNull(0.03);
        Gen<String> expiry = Gen.frequency(
                weighted(30, Gen.of("1230", "0635", "1299", "0134")),
                // Expired, impossible months, not MMYY at all.
                weighted(2, Gen.of("0120", "1220", "1330", "0030", "12/30", "", "123")),
                weighted(1, anyText(6))).orNull(0.01);
        Gen<String> tokenId = Gen.frequency(
                weighted(30, Gen.strings().alpha().numeric().withChars('-', '_').ofLength(8, 25)
                        .filter(t -> !t.endsWith("0119"))),
                weighted(1, Gen.of("", "tok en", "x".repeat(26))),
                weighted(1, anyText(30)));
        Gen<String> pans = pans();
        Gen<CardData> withCard = random -> CardData.card(pans.next(random), expiry.next(random), cvv.next(random));
        // A token goes with its CVV on channel 1, alone on channel 3.
        Gen<String> tokenCvv = cvv.orNull(0.5);
        Gen<CardData> withToken = random -> CardData.token(tokenId.next(random), tokenCvv.next(random));
        Gen<CardData> both = random -> new CardData(pans.next(random), expiry.next(random), cvv.next(random),
                tokenId.next(random));
        return Gen.frequency(weighted(14, withCard), weighted(5, withToken), weighted(1, both));
    }

    static Gen<String> pans() {
        Gen<String> luhnValid = Gen.strings().numeric().ofLength(12, 18)
                .map(CommandPropertiesIT::withLuhnDigit).filter(p -> !p.equals(ProviderSandbox.CARD_NO_ANSWER));
        return Gen.frequency(
                weighted(20, luhnValid),
                weighted(10, Gen.of(ProviderSandbox.CARD_APPROVED_MASTERCARD, ProviderSandbox.CARD_DECLINED,
                        ProviderSandbox.CARD_INSUFFICIENT_FUNDS)),
                // Luhn-invalid, too short, too long, spaced, lettered.
                weighted(2, Gen.strings().numeric().ofLength(1, 25)),
                weighted(1, Gen.of("4859 5100 0000 0051", "4859-5100-0000-0051", "", "485951000000005X")),
                weighted(1, anyText(20))).orNull(0.01);
    }

    /** Any characters at all: control characters, NUL, lone surrogates, right-to-left marks. */
    private static Gen<String> anyText(int maxLength) {
        return Gen.strings().all().ofMaxLength(maxLength);
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
