package dev.cobro.spring;

import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.out.StoreRefusedValueException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.domain.shared.ProviderId;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What every provider's webhook endpoint does, written once: hands Cobro the raw body, the headers
 * (lower-cased names) and the URL it was called on (Cobro's signature travels in its query string,
 * and a provider may add its own parameters there). Every recorded outcome is answered 200, a forged
 * or unmatched one too, so that the provider stops redelivering; only when nothing could be recorded
 * (the database is down) the answer is 503, so that the provider delivers it again and no
 * notification is lost; 422 when the database refuses a value of it as data (it would refuse it
 * again, so it is not an outage). A body over Cobro's limit ({@link Cobro#maxNotificationBodyBytes()},
 * {@code cobro.max-notification-body-size}) is answered 413 without being read past the limit:
 * refused by its Content-Length before a byte is read, and a chunked one as soon as it passes the limit.
 */
final class NotificationEndpoint {

    private final Cobro cobro;
    private final ProviderId provider;
    /** The provider's name in log lines. */
    private final String name;
    private final Logger log;

    NotificationEndpoint(Cobro cobro, ProviderId provider, String name, Class<?> controller) {
        this.cobro = cobro;
        this.provider = provider;
        this.name = name;
        this.log = LoggerFactory.getLogger(controller);
    }

    ResponseEntity<Void> receive(HttpServletRequest request) throws IOException {
        int limit = cobro.maxNotificationBodyBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            log.info("{} notification refused: its Content-Length {} is over the limit of {} bytes", name, declared,
                    limit);
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }
        byte[] bytes = readAtMost(request.getInputStream(), limit);
        if (bytes == null) {
            log.info("{} notification refused: its body is over the limit of {} bytes", name, limit);
            return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).build();
        }
        String body = new String(bytes, charset(request));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String header : Collections.list(request.getHeaderNames())) {
            headers.put(header.toLowerCase(Locale.ROOT), request.getHeader(header));
        }
        try {
            var outcome = cobro.notifications().record(new RecordPaymentNotificationCommand(provider,
                    calledUrl(request), body, headers));
            log.debug("{} notification recorded: {}", name, outcome);
            return ResponseEntity.ok().build();
        } catch (StoreUnavailableException e) {
            log.warn("{} notification not recorded, database unavailable; {} will deliver it again: {}", name, name,
                    e.getMessage());
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).build();
        } catch (StoreRefusedValueException e) {
            // The database is up and refuses the same values again: not an outage, and redelivery cannot help.
            log.error("{} notification not recorded: {}", name, e.getMessage());
            return ResponseEntity.unprocessableEntity().build();
        }
    }

    /** The body, or null as soon as it has more than {@code limit} bytes: the rest is never read. */
    static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 8192));
        byte[] chunk = new byte[8192];
        for (int n; (n = in.read(chunk, 0, (int) Math.min(chunk.length, limit + 1L - out.size()))) > 0; ) {
            out.write(chunk, 0, n);
            if (out.size() > limit) {
                return null;
            }
        }
        return out.toByteArray();
    }

    /** The request's charset when it names one Java knows, else UTF-8 (JSON's). */
    private static Charset charset(HttpServletRequest request) {
        String name = request.getCharacterEncoding();
        try {
            return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
        } catch (IllegalArgumentException unknown) {
            return StandardCharsets.UTF_8;
        }
    }

    /** The URL as the caller used it, query string included (it carries Cobro's signature). */
    static String calledUrl(HttpServletRequest request) {
        String query = request.getQueryString();
        return request.getRequestURL() + (query == null ? "" : "?" + query);
    }
}
