package dev.cobro.adapters.http.payme;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

/** The body and answer of {@code POST {auth}/token}; neither {@code toString()} shows a secret. */
final class PaymeAccessTokenExchange {

    private PaymeAccessTokenExchange() {
    }

    @JsonPropertyOrder({"action", "grant_type", "audience", "client_id", "client_secret", "scope"})
    record Request(String action, @JsonProperty("grant_type") String grantType, String audience,
                   @JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret,
                   String scope) {

        @Override
        public String toString() {
            return "PaymeAccessTokenRequest[client_id=" + clientId + ", client_secret=***, scope=" + scope + "]";
        }
    }

    /** {@code success} is a boolean here (unlike the charges' string); {@code expires_in} in seconds. */
    record Response(JsonNode success, @JsonProperty("access_token") String accessToken,
                    @JsonProperty("expires_in") Long expiresIn, @JsonProperty("token_type") String tokenType,
                    JsonNode authorization) {

        boolean succeeded() {
            if (success == null || success.isNull()) {
                return accessToken != null;
            }
            return success.isBoolean() ? success.booleanValue() : "true".equalsIgnoreCase(success.asText().trim());
        }

        /** {@code authorization.meta.status}: Pay-me's own code and message, when it sent them. */
        String statusDescription() {
            if (authorization == null) {
                return null;
            }
            JsonNode status = authorization.path("meta").path("status");
            if (status.isMissingNode()) {
                return null;
            }
            String code = status.path("code").asText(null);
            String message = status.path("message_ilgn").path(0).path("value").asText(null);
            return "code " + code + (message == null ? "" : " (" + message + ")");
        }

        @Override
        public String toString() {
            return "PaymeAccessTokenResponse[access_token=" + (accessToken == null ? "<none>" : "***")
                    + ", expires_in=" + expiresIn + "]";
        }
    }
}
