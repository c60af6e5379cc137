package dev.cobro.adapters.http.payme;

import feign.Headers;
import feign.RequestLine;
import feign.Response;

/** Pay-me's auth host. The body is serialized by the caller, once (it holds the client secret). */
interface PaymeAuthApi {

    @RequestLine("POST /token")
    @Headers({"ALG-API-VERSION: " + PaymeCardAuthorizationAdapter.API_VERSION, "Content-Type: application/json"})
    Response token(String body);
}
