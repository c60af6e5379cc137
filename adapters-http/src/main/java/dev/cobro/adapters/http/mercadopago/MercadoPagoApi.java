package dev.cobro.adapters.http.mercadopago;

import feign.HeaderMap;
import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;

import java.util.Map;

/**
 * The Mercado Pago calls a checkout and its refunds need. Headers travel as a map, never as
 * templates, so the access token is never expanded into one; each returns the raw {@link Response}.
 */
interface MercadoPagoApi {

    @RequestLine("POST /checkout/preferences")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response createPreference(@HeaderMap Map<String, Object> headers, String body);

    /** {@code id} is checked to be digits before it is expanded: a payment id is a number. */
    @RequestLine("GET /v1/payments/{id}")
    @Headers("Accept: application/json")
    Response payment(@HeaderMap Map<String, Object> headers, @Param("id") String id);

    /**
     * The payments of one preference, newest first ({@code reference} is Cobro's payment id, a UUID,
     * checked before it is expanded).
     */
    @RequestLine("GET /v1/payments/search?external_reference={reference}&sort=date_created&criteria=desc&limit={limit}")
    @Headers("Accept: application/json")
    Response searchPayments(@HeaderMap Map<String, Object> headers, @Param("reference") String reference,
                            @Param("limit") int limit);

    /** A refund of the payment: {@code {"amount": x}} for a part, an empty body for the whole. */
    @RequestLine("POST /v1/payments/{id}/refunds")
    @Headers({"Content-Type: application/json", "Accept: application/json"})
    Response refund(@HeaderMap Map<String, Object> headers, @Param("id") String id, String body);
}
