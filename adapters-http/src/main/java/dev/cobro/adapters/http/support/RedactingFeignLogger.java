package dev.cobro.adapters.http.support;

import feign.Request;
import feign.Response;
import feign.Util;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;

/**
 * Feign's logger, through SLF4J at DEBUG, with every header and body passed through
 * {@link Redaction} first: no level of logging shows a key, a token, a PAN or a CVV.
 */
public final class RedactingFeignLogger extends feign.Logger {

    private final Logger log;
    private final Redaction redaction;

    public RedactingFeignLogger(String name, Redaction redaction) {
        this.log = LoggerFactory.getLogger(name);
        this.redaction = redaction;
    }

    @Override
    protected void log(String configKey, String format, Object... args) {
        // Only reached for lines that carry no header or body (retry notices); still scrubbed.
        if (log.isDebugEnabled()) {
            log.debug(redaction.text(methodTag(configKey) + String.format(format, args)));
        }
    }

    @Override
    protected void logRequest(String configKey, Level logLevel, Request request) {
        if (!log.isDebugEnabled()) {
            return;
        }
        String body = request.body() == null ? "" : new String(request.body(), StandardCharsets.UTF_8);
        log.debug("{}--> {} {} headers={} body={}", methodTag(configKey), request.httpMethod(),
                redaction.text(request.url()), headers(request.headers()), redaction.body(body));
    }

    @Override
    protected Response logAndRebufferResponse(String configKey, Level logLevel, Response response, long elapsedTime)
            throws IOException {
        if (!log.isDebugEnabled()) {
            return response;
        }
        byte[] bytes = response.body() == null ? new byte[0] : Util.toByteArray(response.body().asInputStream());
        log.debug("{}<-- {} ({} ms) headers={} body={}", methodTag(configKey), response.status(), elapsedTime,
                headers(response.headers()), redaction.body(new String(bytes, StandardCharsets.UTF_8)));
        return response.toBuilder().body(bytes).build();
    }

    @Override
    protected IOException logIOException(String configKey, Level logLevel, IOException ioe, long elapsedTime) {
        if (log.isDebugEnabled()) {
            log.debug("{}<-- {} after {} ms", methodTag(configKey), ioe.getClass().getSimpleName(), elapsedTime);
        }
        return ioe;
    }

    private String headers(Map<String, Collection<String>> headers) {
        StringBuilder out = new StringBuilder("{");
        headers.forEach((name, values) -> {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(name).append('=');
            out.append(redaction.isSecretHeader(name) ? Redaction.HIDDEN
                    : values.stream().map(v -> redaction.header(name, v)).toList());
        });
        return out.append('}').toString();
    }
}
