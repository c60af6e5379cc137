package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.RefundPaymentCommand;
import dev.cobro.application.port.in.RefundResult;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.testkit.MercadoPagoSimulator;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.ProviderId;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * {@code cobro demo}: an offline tour with no configuration. It starts the provider sandbox on
 * loopback, takes a checkout payment through 88Pay and delivers its notification (SUCCEEDED),
 * authorizes two approved cards (AUTHORIZED) and a declined one (DECLINED, code 05), reverses one of
 * the approved (REVERSED), takes a Mercado Pago checkout to SUCCEEDED and refunds part of it
 * (PARTIALLY_REFUNDED), routes a checkout that names no provider past a provider that created nothing,
 * and prints this run's history. References are unique per run, so the
 * demo runs again on the same database, and {@code history} afterwards shows what it did.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"An offline tour, no configuration needed: starts the provider sandbox on loopback, takes a "
                + "checkout payment (88Pay) and delivers its notification, authorizes two approved cards and a "
                + "declined one (Pay-me), reverses one, refunds part of a Mercado Pago checkout, routes a checkout past a "
                + "provider that created nothing, and prints the history of the run as a table.",
                "The database is COBRO_DB_URL, else the embedded PostgreSQL in COBRO_HOME, so 'cobro history' "
                        + "shows the demo's transactions afterwards."})
final class DemoCommand extends CliCommand {

    private static final String MERCADO_PAGO = "mercadopago";
    private static final DateTimeFormatter RUN_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private int step;

    @Override
    protected int run(CliContext context) {
        PrintStream out = context.out();
        String run = "demo-" + LocalDateTime.now(ZoneOffset.UTC).format(RUN_TIME) + "-" + randomHex();
        ProviderSandbox sandbox = context.track(ProviderSandbox.builder().port(0).start());
        try (CliContext.CobroSession session = context.openCobro(builder -> againstSandbox(builder, sandbox))) {
            Cobro cobro = session.cobro();
            out.println("Cobro demo " + run);
            out.println("provider sandbox: " + sandbox.baseUrl() + " (88Pay, Pay-me and Mercado Pago simulated on loopback)");
            out.println("database: " + session.database().describe());
            out.println();

            checkout(cobro, sandbox, run, out);
            String expiry = YearMonth.now(Clock.systemUTC()).plusYears(3).format(DateTimeFormatter.ofPattern("MMyy"));
            authorize(cobro, run, ProviderSandbox.CARD_APPROVED_MASTERCARD, expiry, "1000000", "approved card", out);
            AuthorizationView toReverse = authorize(cobro, run, ProviderSandbox.CARD_APPROVED_VISA, expiry, "2550000",
                    "second approved card", out);
            authorize(cobro, run, ProviderSandbox.CARD_DECLINED, expiry, "500000", "declined card", out);
            reverse(cobro, toReverse, out);
            refund(cobro, sandbox, run, out);
            routedCheckout(cobro, sandbox, run, out);

            out.println();
            out.println("History of this run (cobro history --customer " + run + " --format table):");
            HistoryCriteria criteria = HistoryCriteria.builder().customerId(run).build();
            HistoryPage page = cobro.history().query(new QueryTransactionHistoryCommand(criteria, null,
                    QueryTransactionHistoryCommand.MAX_LIMIT, false));
            HistoryTable.print(page, false, out);
        } finally {
            sandbox.close();
        }
        return ExitCodes.OK;
    }

    /** The sandbox's URLs and default credentials: sandbox values, nothing real. */
    static void againstSandbox(Cobro.Builder builder, ProviderSandbox sandbox) {
        builder.eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                        ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                        .withWebhookSecret(ProviderSandbox.DEFAULT_88PAY_WEBHOOK_SECRET))
                .payme(PaymeSettings.defaults(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(),
                        ProviderSandbox.DEFAULT_PAYME_CLIENT_ID, ProviderSandbox.DEFAULT_PAYME_CLIENT_SECRET))
                .mercadoPago(MercadoPagoSettings.defaults(sandbox.mercadoPagoBaseUrl(),
                                ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN)
                        .withWebhookSecret(ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET))
                .routing("MEX", MERCADO_PAGO, ProviderSetup.EIGHTY_EIGHT_PAY);
    }

    /**
     * A checkout that names no provider: Mexico's route tries Mercado Pago first, which answers 429
     * this once (nothing created, so the next provider may be tried), and 88Pay serves it, one payment
     * with an attempt at each.
     */
    private void routedCheckout(Cobro cobro, ProviderSandbox sandbox, String run, PrintStream out) {
        ObjectNode request = checkoutRequest(run, "-routed", "80.00", "Compra #5", "/notify");
        sandbox.mercadoPago().inject("POST", "/checkout/preferences", MercadoPagoSimulator.Fault.RATE_LIMITED, 1);
        CheckoutPaymentResult result = cobro.checkoutPayments().start(CheckoutRequest.parse(null, request));
        PaymentView payment = result.payment();
        out.println(++step + ". checkout " + payment.merchantReference() + " " + payment.details().money()
                + " naming no provider, routed (MEX: " + MERCADO_PAGO + ", " + ProviderSetup.EIGHTY_EIGHT_PAY
                + ") -> " + payment.status() + " by " + payment.provider() + ", tried " + result.triedProviders());
    }

    /**
     * A Mercado Pago checkout the payer approves, its notification (confirmed by reading the payment
     * from the sandbox's API), and a refund of part of it. The sandbox builds the webhooks and the demo
     * hands them in as a host's endpoint would: the demo's notification URL reaches no one.
     */
    private void refund(Cobro cobro, ProviderSandbox sandbox, String run, PrintStream out) {
        ObjectNode request = checkoutRequest(run, "-mercadopago", "250.00", "Compra #4", "/notify/mp");
        PaymentView payment = cobro.checkoutPayments().start(CheckoutRequest.parse(MERCADO_PAGO, request)).payment();
        out.println(++step + ". checkout mercadopago " + payment.merchantReference() + " " + payment.details().money()
                + " -> " + payment.status());
        if (payment.status() != PaymentStatus.AWAITING_CUSTOMER) {
            return;
        }
        MercadoPagoSimulator mp = sandbox.mercadoPago();
        mp.apiChangeWebhooks(MercadoPagoSimulator.Webhook.DROPPED);
        long paid = mp.pay(payment.providerReference(), MercadoPagoSimulator.Outcome.APPROVED,
                MercadoPagoSimulator.Webhook.DROPPED);
        SandboxNotification webhook = mp.webhook(paid, "payment.updated");
        PaymentNotification notification = cobro.notifications().record(new RecordPaymentNotificationCommand(
                ProviderId.of(MERCADO_PAGO), webhook.url(), webhook.body(), webhook.headers()));
        out.println("   notification " + notification.rawStatus() + " (read from the API) -> " + notification.outcome());
        RefundResult refunded = cobro.refunds().refund(new RefundPaymentCommand(payment.id(),
                new BigDecimal("100.00"), null));
        out.println(++step + ". refund " + refunded.refund().amount() + " of " + payment.merchantReference() + " -> "
                + refunded.refund().status() + ": payment " + refunded.payment().status() + ", "
                + refunded.payment().refunded() + " refunded");
    }

    /**
     * A checkout request as a merchant's file holds it (the seed's shape: a card payment in Mexico, in
     * MXN), the run's id as customer and, with {@code suffix}, as merchant reference; {@code notifyPath}
     * on the demo merchant's site.
     */
    private static ObjectNode checkoutRequest(String run, String suffix, String amount, String description,
                                              String notifyPath) {
        return CliJson.object().put("merchant_reference", run + suffix).put("flow", "PAYIN")
                .put("method_code", "CARDS").put("method_category", "CARD").put("country", "MEX")
                .put("currency", "MXN").put("amount", amount).put("description", description)
                .put("customer_id", run).put("notification_url", "https://merchant.example.com" + notifyPath)
                .put("return_url", "https://merchant.example.com/return");
    }

    /** The seed's charge ("Compra #3", 100.00 MXN by card), then 88Pay's notification that the customer paid. */
    private void checkout(Cobro cobro, ProviderSandbox sandbox, String run, PrintStream out) {
        ObjectNode request = checkoutRequest(run, "-checkout", "100.00", "Compra #3", "/notify");
        CheckoutPaymentResult result = cobro.checkoutPayments()
                .start(CheckoutRequest.parse(ProviderSetup.EIGHTY_EIGHT_PAY, request));
        PaymentView payment = result.payment();
        out.println(++step + ". checkout 88pay " + payment.merchantReference() + " " + payment.details().money() + " -> "
                + payment.status());
        if (payment.checkoutUrl() != null) {
            out.println("   checkout URL: " + payment.checkoutUrl());
        }
        if (payment.status() != PaymentStatus.AWAITING_CUSTOMER) {
            return;
        }
        // The customer pays on 88Pay's page; 88Pay posts its webhook to the notification_url Cobro signed,
        // with a bearer token made with the merchant's webhook secret, and the host feeds in what it got.
        SandboxNotification webhook = sandbox.notification(payment.checkoutUrl(), "COMPLETED");
        PaymentNotification notification = cobro.notifications().record(new RecordPaymentNotificationCommand(
                ProviderId.EIGHTY_EIGHT_PAY, webhook.url(), webhook.body(), webhook.headers()));
        String status = cobro.history().findById(payment.id().value()).map(r -> r.status().name()).orElse("?");
        out.println("   notification " + notification.rawStatus() + " -> " + notification.outcome() + ": payment "
                + status);
    }

    /** Pay-me's seed request (example 3) with a sandbox test card. */
    private AuthorizationView authorize(Cobro cobro, String run, String pan, String expiry, String amount,
                                           String label, PrintStream out) {
        ObjectNode request = CliJson.object().put("action", "authorize").put("channel", "1");
        request.putObject("payment_method").putArray("card").addObject()
                .put("pan", pan).put("expiry_date", expiry).put("security_code", "365");
        ObjectNode transaction = request.putObject("transaction").put("currency", "604").put("amount", amount);
        transaction.putObject("meta").put("description", "Cobro demo " + label);
        ObjectNode billing = request.putObject("address").putObject("billing")
                .put("first_name", "Juan Diego").put("last_name", "Perez Sanchez")
                .put("email", "juan.perez@gmail.com");
        billing.putObject("phone").put("country_code", "51").put("subscriber", "987654321");
        billing.putObject("location").put("line_1", "Mi casa").put("line_2", "Mi casa").put("city", "LIMA")
                .put("state", "LIMA").put("country", "PE").put("zip_code", "18");
        request.putArray("card_holder").addObject()
                .put("first_name", "Juan Diego").put("last_name", "Perez Sanchez")
                .put("email_address", "juan.perez@email.com").put("identity_document_country", "PER")
                .put("identity_document_type", "DNI").put("identity_document_identifier", "87654321");
        request.put("customer_id", run);
        AuthorizationResult result = cobro.cardAuthorizations()
                .authorize(AuthorizeRequest.parse(ProviderSetup.PAYME, request, Clock.systemUTC()));
        AuthorizationView authorization = result.authorization();
        ProviderResponse response = authorization.response();
        out.println(++step + ". authorize payme " + label + " " + authorization.details().instrument().masked() + " "
                + authorization.details().money() + " -> " + authorization.status()
                + (response.responseCode() == null ? "" : " (code " + response.responseCode()
                + (response.message() == null ? "" : ": " + response.message()) + ")")
                + " op " + authorization.operationNumber());
        return authorization;
    }

    private void reverse(Cobro cobro, AuthorizationView authorization, PrintStream out) {
        ReversalResult result = cobro.reversals().reverse(new ReverseAuthorizationCommand(authorization.id()));
        out.println(++step + ". reverse " + authorization.id() + " (op " + authorization.operationNumber() + ") -> "
                + result.authorization().status());
    }

    private static String randomHex() {
        byte[] bytes = new byte[3];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
