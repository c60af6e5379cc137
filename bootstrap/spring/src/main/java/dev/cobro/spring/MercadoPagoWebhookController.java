package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.shared.ProviderId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * Receives Mercado Pago's webhook and hands Cobro what it needs to verify, confirm and record it: the
 * URL it was called on with its query (Cobro's signature, and Mercado Pago's {@code data.id} and
 * {@code type}, which {@code x-signature} covers), the raw body and the headers ({@code x-signature},
 * {@code x-request-id}). Cobro then reads the payment from Mercado Pago's API; the body counts for
 * nothing. The answers are {@link NotificationEndpoint}'s: 200 for every recorded outcome (Mercado Pago
 * stops redelivering), 503 when nothing could be recorded (it delivers again), 422 for a value the
 * database refuses, 413 for a body over the limit.
 */
@RestController
public class MercadoPagoWebhookController {

    private static final ProviderId MERCADO_PAGO = ProviderId.of("mercadopago");

    private final NotificationEndpoint endpoint;

    public MercadoPagoWebhookController(Cobro cobro) {
        this.endpoint = new NotificationEndpoint(cobro, MERCADO_PAGO, "Mercado Pago", MercadoPagoWebhookController.class);
    }

    @PostMapping(path = "${cobro.webhooks.mercadopago.path:/cobro/webhooks/mercadopago}")
    public ResponseEntity<Void> receive(HttpServletRequest request) throws IOException {
        return endpoint.receive(request);
    }
}
