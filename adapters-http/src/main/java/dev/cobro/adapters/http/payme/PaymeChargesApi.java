package dev.cobro.adapters.http.payme;

import feign.Headers;
import feign.Param;
import feign.RequestLine;
import feign.Response;

/**
 * Pay-me's charges. Both calls return the raw {@link Response}: the adapter sees every status and
 * keeps the body (redacted) for the attempt row.
 */
interface PaymeChargesApi {

    @RequestLine("POST /charges")
    @Headers({"ALG-API-VERSION: " + PaymeCardAuthorizationAdapter.API_VERSION, "Content-Type: application/json",
            "Authorization: Bearer {accessToken}"})
    Response authorize(@Param("accessToken") String accessToken, String body);

    /** Pay-me's reversal: {@code DELETE /charges/{internal_operation_number}}, no body. */
    @RequestLine("DELETE /charges/{operationNumber}")
    @Headers({"ALG-API-VERSION: " + PaymeCardAuthorizationAdapter.API_VERSION, "Content-Type: application/json",
            "Authorization: Bearer {accessToken}"})
    Response reverse(@Param("accessToken") String accessToken, @Param("operationNumber") String operationNumber);
}
