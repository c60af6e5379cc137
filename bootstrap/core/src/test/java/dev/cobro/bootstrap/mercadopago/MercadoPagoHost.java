package dev.cobro.bootstrap.mercadopago;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cobro.adapters.http.mercadopago.MercadoPagoSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.testing.CapturedLogs;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A host of the Mercado Pago tests: its webhook endpoint on loopback, written as a host writes it
 * (the URL it was called on, the body, the headers; then 200), with what Cobro recorded and what the
 * endpoint threw kept for the test; and the sandbox account's settings.
 */
final class MercadoPagoHost implements AutoCloseable {

    static final ProviderId MERCADO_PAGO = ProviderId.of("mercadopago");

    private final HttpServer server;
    private final Supplier<Cobro> cobro;
    private final List<PaymentNotification> recorded = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    private MercadoPagoHost(Supplier<Cobro> cobro) throws IOException {
        this.cobro = cobro;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0),
                16);
        server.createContext("/mp", this::webhookEndpoint);
        server.start();
    }

    /** Serves {@code /mp} on a free loopback port, recording into the Cobro {@code cobro} answers when called. */
    static MercadoPagoHost start(Supplier<Cobro> cobro) throws IOException {
        return new MercadoPagoHost(cobro);
    }

    /** The sandbox's default account, its webhook secret, and a read timeout of {@code readTimeout}. */
    static MercadoPagoSettings settings(ProviderSandbox sandbox, Duration readTimeout) {
        return MercadoPagoSettings.defaults(sandbox.mercadoPagoBaseUrl(), ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN)
                .withWebhookSecret(ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET)
                .withTimeouts(new HttpTimeouts(Duration.ofSeconds(10), readTimeout));
    }

    private void webhookEndpoint(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            try {
                recorded.add(cobro.get().notifications().record(new RecordPaymentNotificationCommand(MERCADO_PAGO,
                        url() + exchange.getRequestURI(), body, headers)));
            } catch (RuntimeException e) {
                failures.add(e);
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    /** The endpoint's base URL; notifications go to {@code url() + "/mp"}. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<PaymentNotification> recorded() {
        return recorded;
    }

    PaymentNotification lastRecorded() {
        return recorded.get(recorded.size() - 1);
    }

    /** What the endpoint threw: a test's end checks there was nothing. */
    List<Throwable> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /**
     * A test class's end: stops {@code host} and checks its endpoint never threw, checks no captured log
     * line carried the sandbox account's token or webhook secret, then detaches the logs and closes Cobro
     * and the sandbox, whatever failed before. Any of them may be null: never started.
     */
    static void stop(MercadoPagoHost host, CapturedLogs logs, Cobro cobro, ProviderSandbox sandbox) {
        try {
            if (host != null) {
                host.close();
                assertThat(host.failures()).as("the webhook endpoint never got an exception").isEmpty();
            }
            if (logs != null) {
                assertThat(logs.lines()).noneMatch(line -> line.contains(ProviderSandbox.DEFAULT_MERCADOPAGO_ACCESS_TOKEN)
                        || line.contains(ProviderSandbox.DEFAULT_MERCADOPAGO_WEBHOOK_SECRET));
            }
        } finally {
            if (logs != null) {
                logs.detach();
            }
            try {
                if (cobro != null) {
                    cobro.close();
                }
            } finally {
                if (sandbox != null) {
                    sandbox.close();
                }
            }
        }
    }
}
