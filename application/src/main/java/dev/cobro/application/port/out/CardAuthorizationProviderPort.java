package dev.cobro.application.port.out;

import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;

/** A card-authorization provider (Pay-me first): authorize, and reverse an authorization. */
public interface CardAuthorizationProviderPort {

    ProviderId providerId();

    /** The provider account (merchant) this adapter instance serves, with its own credentials. */
    default AccountId account() {
        return AccountId.DEFAULT;
    }

    /** Builds the authorize call and its redacted body (no PAN, CVV or token) before the write-ahead. */
    PreparedCall prepareAuthorize(AuthorizationCall call);

    /**
     * Sends a prepared authorization. Every answer is an outcome; a decline is not an exception.
     * Approved and declined both carry the provider's response (codes, authorization code, masked PAN).
     */
    ProviderOutcome<ProviderResponse> authorize(PreparedCall prepared);

    /** Builds the reversal of {@code authorization} (by its operation number). */
    PreparedCall prepareReverse(AuthorizationView authorization);

    /** Sends a prepared reversal; a reversal the provider answers as failed is {@link ProviderOutcome.Declined}. */
    ProviderOutcome<Void> reverse(PreparedCall prepared);
}
