package dev.cobro.adapters.http.eightyeightpay;

import feign.Response;
import feign.Util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** A provider's answer read whole: status, headers (case-insensitive, as Feign keeps them) and raw body. */
record HttpReply(int status, Map<String, Collection<String>> headers, String body) {

    /** Reads and closes {@code response}; an empty or absent body is {@code ""}. */
    static HttpReply read(Response response) throws IOException {
        try (response) {
            String body = response.body() == null ? ""
                    : new String(Util.toByteArray(response.body().asInputStream()), StandardCharsets.UTF_8);
            return new HttpReply(response.status(), response.headers(), body);
        }
    }

    Collection<String> header(String name) {
        Collection<String> values = headers.get(name);
        return values == null ? List.of() : values;
    }

    boolean isSuccessful() {
        return status >= 200 && status < 300;
    }
}
