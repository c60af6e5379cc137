package dev.cobro.application.port.out;

import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What the database says about Cobro's state, for {@code cobro.health()} and the gauges. */
public interface StoreHealthPort {

    /**
     * Open UNKNOWNs (payments and authorizations whose outcome is not known) and when the oldest of
     * them became UNKNOWN. Throws {@link StoreUnavailableException} when the database cannot be read.
     */
    OpenUnknowns openUnknowns();

    record OpenUnknowns(long count, Optional<Instant> oldestSince) {
    }

    /**
     * The open checkout payments (REQUESTED, AWAITING_CUSTOMER, UNKNOWN) grouped by the key that signed
     * their notification URL, each group with the creation time of its oldest payment. Throws
     * {@link StoreUnavailableException} when the database cannot be read.
     */
    List<OpenPaymentsByKey> openPaymentsByKey();

    /** @param keyId the key's id, null for payments sent unsigned or signed before key ids were stored */
    record OpenPaymentsByKey(ProviderId provider, AccountId account, String keyId, long count, Instant oldestCreatedAt) {
    }
}
