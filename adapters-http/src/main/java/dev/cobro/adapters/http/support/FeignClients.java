package dev.cobro.adapters.http.support;

import feign.Feign;
import feign.Logger;
import feign.Request;
import feign.Retryer;

import java.net.http.HttpClient;
import java.util.concurrent.TimeUnit;

/**
 * Builds Cobro's Feign clients one way. Feign's retrying is OFF ({@link Retryer#NEVER_RETRY}):
 * its defaults would re-send a POST that may already have charged; retry decisions are Cobro's.
 * Interfaces return {@link feign.Response} so the adapter sees every status and the raw body
 * (kept, redacted, in the attempt row) and maps them itself; Feign's error decoder is then never
 * consulted, so it cannot turn a status into a retry either. The transport is {@link JdkFeignClient}:
 * its read timeout bounds the whole answer, body included. Calls go through {@link ResolvedTemplates}:
 * each method's templates are resolved once, not on every call.
 */
public final class FeignClients {

    private FeignClients() {
    }

    public static <T> T build(Class<T> api, String baseUrl, HttpTimeouts timeouts, Logger logger) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        JdkFeignClient client = new JdkFeignClient(http);
        Request.Options options = new Request.Options(timeouts.connect().toMillis(), TimeUnit.MILLISECONDS,
                timeouts.read().toMillis(), TimeUnit.MILLISECONDS, false);
        Feign.Builder builder = Feign.builder();
        if (logger instanceof RedactingFeignLogger redacting) {
            builder.invocationHandlerFactory(new ResolvedTemplates(client, options, redacting, Logger.Level.FULL));
        }
        return builder
                .client(client)
                .retryer(Retryer.NEVER_RETRY)
                .options(options)
                .logger(logger)
                .logLevel(Logger.Level.FULL)
                .target(api, stripTrailingSlash(baseUrl));
    }

    static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
