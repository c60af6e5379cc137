package dev.cobro.spring;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.shared.ProviderId;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Receives 88Pay's notification and hands Cobro what it needs to verify and record it: the raw body,
 * the headers and the URL it was called on (Cobro's signature travels in its query string). Every
 * recorded outcome is answered 200, a forged or unmatched one too, so that 88Pay stops redelivering;
 * only when nothing could be recorded (the database is down) the answer is 503, so that 88Pay
 * delivers it again and no notification is lost.
 */
@RestController
public class EightyEightPayWebhookController {

    private static final Logger LOG = LoggerFactory.getLogger(EightyEightPayWebhookController.class);
    private static final ProviderId EIGHTY_EIGHT_PAY = ProviderId.of("88pay");

    private final Cobro cobro;

    public EightyEightPayWebhookController(Cobro cobro) {
        this.cobro = cobro;
    }

    @PostMapping(path = "${cobro.webhooks.88pay.path:/cobro/webhooks/88pay}")
    public ResponseEntity<Void> receive(HttpServletRequest request, @RequestBody(required = false) String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), request.getHeader(name));
        }
        try {
            var outcome = cobro.notifications().record(new RecordPaymentNotificationCommand(EIGHTY_EIGHT_PAY,
                    calledUrl(request), body, headers));
            LOG.debug("88Pay notification recorded: {}", outcome);
            return ResponseEntity.ok().build();
        } catch (StoreUnavailableException e) {
            LOG.warn("88Pay notification not recorded, database unavailable; 88Pay will deliver it again: {}",
                    e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        }
    }

    /** The URL as the caller used it, query string included (it carries Cobro's signature). */
    static String calledUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURL() + (query == null ? "" : "?" + query);
    }
}
