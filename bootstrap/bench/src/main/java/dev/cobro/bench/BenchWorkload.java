package dev.cobro.bench;

import dev.cobro.testkit.ProviderSandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The requests of one bench run, the same for Cobro and for the baseline. References are unique per
 * run (so a rerun on the same database is new work, not an idempotent replay) and every checkout
 * of a run has its own amount, as a shop's varied baskets would.
 */
final class BenchWorkload {

    static final String CHECKOUT_CURRENCY = "MXN";
    static final String COUNTRY = "MEX";
    static final String METHOD_CODE = "CARDS";
    static final String METHOD_CATEGORY = "CARD";
    static final String DESCRIPTION = "Cobro bench";
    static final String NOTIFICATION_URL = "https://merchant.example.com/notify";
    static final String RETURN_URL = "https://merchant.example.com/return";

    /** Pay-me: PEN ("604") and the seed's approved card (example 3). */
    static final String AUTHORIZATION_CURRENCY = "PEN";
    static final String AUTHORIZATION_NUMERIC_CURRENCY = "604";
    static final String CARD = ProviderSandbox.CARD_APPROVED_VISA;
    static final String CVV = "123";
    /** The seed's card holder and billing address (Pay-me example 3). */
    static final String FIRST_NAME = "Juan Diego";
    static final String LAST_NAME = "Perez Sanchez";
    static final String EMAIL = "juan.perez@email.com";
    static final String PHONE_COUNTRY_CODE = "51";
    static final String PHONE_SUBSCRIBER = "987654321";
    static final String LINE_1 = "Mi casa";
    static final String LINE_2 = "Mi casa";
    static final String CITY = "LIMA";
    static final String STATE = "LIMA";
    static final String BILLING_COUNTRY = "PE";
    static final String ZIP_CODE = "18";
    static final String DOCUMENT_COUNTRY = "PER";
    static final String DOCUMENT_TYPE = "DNI";
    static final String DOCUMENT_NUMBER = "87654321";

    private static final BigDecimal CHECKOUT_BASE = new BigDecimal("100.00");
    private static final BigDecimal AUTHORIZATION_BASE = new BigDecimal("10.00");
    private static final BigDecimal CENT = new BigDecimal("0.01");
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final String runId;
    private final String expiry;
    private final long[] cobroOperationNumbers;
    private final long[] baselineOperationNumbers;

    /** One checkout request's varying fields. */
    record Checkout(String merchantReference, String customerId, BigDecimal amount) {
    }

    /** One authorization request's varying fields. */
    record CardAuthorization(String operationNumber, String customerId, BigDecimal amount) {
    }

    BenchWorkload(long[] cobroOperationNumbers, long[] baselineOperationNumbers) {
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        this.runId = LocalDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-" + HexFormat.of().formatHex(random);
        // Three years ahead, as the demo: the service refuses an expired card before anything is sent.
        this.expiry = YearMonth.now(Clock.systemUTC()).plusYears(3).format(DateTimeFormatter.ofPattern("MMyy"));
        this.cobroOperationNumbers = cobroOperationNumbers.clone();
        this.baselineOperationNumbers = baselineOperationNumbers.clone();
    }

    String runId() {
        return runId;
    }

    String expiry() {
        return expiry;
    }

    /** The customer id under which this run's Cobro (or baseline) transactions are recorded. */
    String customerId(boolean baseline) {
        return "bench-" + runId + (baseline ? "-baseline" : "");
    }

    Checkout checkout(int index, boolean baseline) {
        return new Checkout("bench-" + runId + (baseline ? "-b-" : "-c-") + index, customerId(baseline),
                CHECKOUT_BASE.add(CENT.multiply(BigDecimal.valueOf(index))));
    }

    CardAuthorization authorization(int index, boolean baseline) {
        long number = (baseline ? baselineOperationNumbers : cobroOperationNumbers)[index];
        return new CardAuthorization(Long.toString(number), customerId(baseline),
                AUTHORIZATION_BASE.add(CENT.multiply(BigDecimal.valueOf(index))));
    }
}
