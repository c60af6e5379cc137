package dev.cobro.adapters.http.support;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Whether a failed call may have reached the provider: the one place that decides it, for every
 * adapter. Only a failure before the request could leave proves that nothing was sent (NOT_SENT,
 * safe to send again): no connection (refused, unresolvable, no route, connect timeout) or a TLS
 * handshake that failed (the request is written only once the handshake is complete, so the server
 * received nothing of it). Anything after that (a read timeout, a reset) is UNKNOWN: the provider
 * may have processed the request.
 */
public enum TransportFailure {
    NOT_SENT,
    UNKNOWN;

    public static TransportFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpConnectTimeoutException || t instanceof ConnectException
                    || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof UnresolvedAddressException || t instanceof SSLHandshakeException) {
                return NOT_SENT;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return UNKNOWN;
    }

    /** A short, secret-free description for the attempt row. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": "
                + Redaction.scrubText(root.getMessage()));
    }
}
