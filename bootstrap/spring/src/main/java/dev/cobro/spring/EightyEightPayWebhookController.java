package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.shared.ProviderId;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;

/**
 * Receives 88Pay's notification and hands Cobro what it needs to verify and record it: the raw body,
 * the headers (its bearer token) and the URL it was called on. The answers are
 * {@link NotificationEndpoint}'s: 200 for every recorded outcome, 503 when nothing could be recorded,
 * 422 for a value the database refuses, 413 for a body over the limit.
 */
@RestController
public class EightyEightPayWebhookController {

    private static final ProviderId EIGHTY_EIGHT_PAY = ProviderId.of("88pay");

    private final NotificationEndpoint endpoint;

    public EightyEightPayWebhookController(Cobro cobro) {
        this.endpoint = new NotificationEndpoint(cobro, EIGHTY_EIGHT_PAY, "88Pay", EightyEightPayWebhookController.class);
    }

    @PostMapping(path = "${cobro.webhooks.88pay.path:/cobro/webhooks/88pay}")
    public ResponseEntity<Void> receive(HttpServletRequest request) throws IOException {
        return endpoint.receive(request);
    }
}
