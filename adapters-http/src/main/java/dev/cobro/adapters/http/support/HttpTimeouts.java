package dev.cobro.adapters.http.support;

import java.time.Duration;
import java.util.Objects;

/** Connect and read timeouts of one provider. */
public record HttpTimeouts(Duration connect, Duration read) {

    public HttpTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(read, "read");
        if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: connect " + connect + ", read " + read);
        }
    }
}
