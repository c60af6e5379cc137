package dev.cobro.testkit;

import com.sun.net.httpserver.Headers;

import java.util.Locale;

/**
 * One request as a simulator sees it: the path is relative to the provider's base path
 * ({@code /api/auth/token} for {@code /88pay/api/auth/token}).
 */
record SandboxRequest(String method, String path, Headers headers, byte[] body) {

    /** Header names are case-insensitive ({@code Headers} normalises them); null when absent. */
    String header(String name) {
        return headers.getFirst(name);
    }

    /** The token of an {@code Authorization: Bearer <token>} header; null when absent or malformed. */
    String bearerToken() {
        String value = header("Authorization");
        if (value == null) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() <= 7 || !trimmed.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        String token = trimmed.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    boolean is(String expectedMethod, String expectedPath) {
        return method.equalsIgnoreCase(expectedMethod) && path.equals(expectedPath);
    }
}
