package dev.cobro.bootstrap.instances;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ResolveUnknownOutcomesCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.service.ResolverSettings;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.testkit.ProviderSandbox;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One instance of a host, in a JVM of its own, for {@link SeveralInstancesIT}: its own {@link Cobro}
 * on the test's database. It takes a checkout every {@link #PACE} until {@code COBRO_IT_CHECKOUT_FOR}
 * has passed since its first one, says so, waits for the file {@code COBRO_IT_GO_RESOLVE}, runs the
 * resolver once and prints what it did. Settings come from the environment (no password in a
 * process listing). Every line it prints is a fact the test reads.
 */
public final class InstanceMain {

    static final String JDBC_URL = "COBRO_IT_JDBC_URL";
    static final String JDBC_USER = "COBRO_IT_JDBC_USER";
    static final String JDBC_PASSWORD = "COBRO_IT_JDBC_PASSWORD";
    static final String EIGHTY_EIGHT_PAY_URL = "COBRO_IT_88PAY_URL";
    static final String PAYME_AUTH_URL = "COBRO_IT_PAYME_AUTH_URL";
    static final String PAYME_API_URL = "COBRO_IT_PAYME_API_URL";
    static final String INSTANCE = "COBRO_IT_INSTANCE";
    static final String CHECKOUT_FOR_MS = "COBRO_IT_CHECKOUT_FOR";
    static final String GO_RESOLVE = "COBRO_IT_GO_RESOLVE";

    static final Duration PACE = Duration.ofMillis(500);

    private InstanceMain() {
    }

    public static void main(String[] args) throws Exception {
        int instance = Integer.parseInt(System.getenv(INSTANCE));
        long checkoutFor = Long.parseLong(System.getenv(CHECKOUT_FOR_MS));
        Path goResolve = Path.of(System.getenv(GO_RESOLVE));
        try (Cobro cobro = Cobro.builder()
                .jdbcUrl(System.getenv(JDBC_URL), System.getenv(JDBC_USER), System.getenv(JDBC_PASSWORD))
                .runMigrations(false)
                .eightyEightPay(EightyEightPaySettings.defaults(System.getenv(EIGHTY_EIGHT_PAY_URL),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                .payme(PaymeSettings.defaults(System.getenv(PAYME_AUTH_URL), System.getenv(PAYME_API_URL),
                        ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET))
                // An UNKNOWN authorization is reversed at once: the test made them so.
                .resolverSettings(new ResolverSettings(Duration.ZERO, Duration.ofMinutes(5), 5, Duration.ofHours(72)))
                .build()) {
            System.out.println("READY " + instance);
            long first = System.currentTimeMillis();
            System.out.println("FIRST " + first);
            int taken = 0;
            int other = 0;
            long last = first;
            for (int n = 0; System.currentTimeMillis() - first < checkoutFor; n++) {
                // A distinct amount per checkout: no two open payments share (session, amount).
                BigDecimal amount = new BigDecimal(100 + instance * 10_000 + n);
                CheckoutPaymentResult result = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                        .provider("88pay")
                        .merchantReference("it-" + instance + "-" + n)
                        .customerId("customer-" + instance)
                        .amount(amount)
                        .currency("MXN")
                        .country("MEX")
                        .method("CARDS", "CARD")
                        .description("Order " + n)
                        .notificationUrl("https://shop.example/notify")
                        .returnUrl("https://shop.example/thanks")
                        .build());
                if (result.payment().status() == PaymentStatus.AWAITING_CUSTOMER) {
                    taken++;
                } else {
                    other++;
                    System.out.println("NOT_AWAITING " + result.payment().status());
                }
                last = System.currentTimeMillis();
                Thread.sleep(PACE.toMillis());
            }
            System.out.println("LAST " + last);
            System.out.println("CHECKOUTS " + taken + " " + other);
            while (!Files.exists(goResolve)) {
                Thread.sleep(20);
            }
            ResolutionReport report = cobro.resolver().resolve(ResolveUnknownOutcomesCommand.DEFAULT);
            System.out.println("RESOLVED " + report.changes().size() + " " + report.problems().size() + " "
                    + report.skipped());
        }
        System.out.println("EXIT");
    }
}
