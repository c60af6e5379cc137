package dev.cobro.adapters.http.eightyeightpay;

import feign.HeaderMap;
import feign.Headers;
import feign.RequestLine;
import feign.Response;

import java.util.Map;

/**
 * 88Pay's two calls (seed "Token &amp; Payment Flow"). Headers travel as a map, not as templates,
 * so that a secret is never expanded into, or escaped by, a template. Both return the raw
 * {@link Response}: the adapter judges every status itself.
 */
interface EightyEightPayApi {

    /** Step 1: {@code x-api-key} and {@code x-merchant-id}, no body. */
    @RequestLine("POST /api/auth/token")
    Response token(@HeaderMap Map<String, Object> headers);

    /** Step 2: {@code Authorization: Bearer <access_token>}, {@code x-session-id: <session_id>}. */
    @RequestLine("POST /api/transactions/charges")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response charge(@HeaderMap Map<String, Object> headers, String body);
}
