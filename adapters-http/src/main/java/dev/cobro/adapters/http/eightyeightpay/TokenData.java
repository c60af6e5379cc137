package dev.cobro.adapters.http.eightyeightpay;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code data} of a token answer: {@code access_token}, {@code expires_in} (seconds), {@code session_id}. */
record TokenData(@JsonProperty("access_token") String accessToken, @JsonProperty("expires_in") Long expiresIn,
                 @JsonProperty("session_id") String sessionId) {

    @Override
    public String toString() {
        return "TokenData[accessToken=***, expiresIn=" + expiresIn + ", sessionId=***]";
    }
}
