package dev.cobro.application.fakes;

import dev.cobro.domain.authorization.AuthorizationSnapshot;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.service.Fingerprints;
import dev.cobro.application.service.TokenHasher;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.StatusChange;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code anAuthorization().inStatus(AUTHORIZED).build()}: an authorization as a store would restore
 * it, in any status, for tests that start from stored data. The request comes from a
 * {@link CardAuthorizationBuilder}; only the masked card is kept, as in the real store.
 */
public final class AuthorizationBuilder {

    private static final AtomicLong NUMBERS = new AtomicLong(900_000_000L);

    private UUID id = UUID.randomUUID();
    private CardAuthorizationBuilder command = CardAuthorizationBuilder.aCardAuthorization();
    private String operationNumber = Long.toString(NUMBERS.incrementAndGet());
    private AuthorizationStatus status = AuthorizationStatus.AUTHORIZED;
    private ProviderResponse response;
    private int failedReversals;
    private Instant createdAt = ControllableClock.DEFAULT_START;
    private Instant updatedAt;
    private long version;

    private AuthorizationBuilder() {
    }

    public static AuthorizationBuilder anAuthorization() {
        return new AuthorizationBuilder();
    }

    public AuthorizationBuilder withId(UUID id) {
        this.id = id;
        return this;
    }

    /** The request the authorization was made from (its operation number, if any, is replaced by this builder's). */
    public AuthorizationBuilder from(CardAuthorizationBuilder command) {
        this.command = command;
        return this;
    }

    public AuthorizationBuilder withOperationNumber(String operationNumber) {
        this.operationNumber = operationNumber;
        return this;
    }

    public AuthorizationBuilder inStatus(AuthorizationStatus status) {
        this.status = status;
        return this;
    }

    public AuthorizationBuilder withResponse(ProviderResponse response) {
        this.response = response;
        return this;
    }

    public AuthorizationBuilder withFailedReversals(int failedReversals) {
        this.failedReversals = failedReversals;
        return this;
    }

    public AuthorizationBuilder createdAt(Instant createdAt) {
        this.createdAt = createdAt;
        return this;
    }

    /** When the status last changed; the creation time unless given. */
    public AuthorizationBuilder updatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
        return this;
    }

    public AuthorizationBuilder withVersion(long version) {
        this.version = version;
        return this;
    }

    public Authorization build() {
        AuthorizeCardCommand c = command.build();
        CardSecret secret = c.card().toSecret();
        String tokenHash = secret.kind() == CardSecret.Kind.TOKEN
                ? new TokenHasher(TestCards.TOKEN_HASH_KEY).hash(secret.tokenId()) : null;
        AuthorizationDetails details = new AuthorizationDetails(c.channel(), c.money(), Instrument.of(secret, tokenHash),
                c.cardHolder(), c.billing(), c.shipping(), c.description(), c.additionalFields(), c.customerId());
        Instant changed = updatedAt == null ? createdAt : updatedAt;
        List<StatusChange<AuthorizationStatus>> changes = status == AuthorizationStatus.REQUESTED
                ? List.of(new StatusChange<>(null, AuthorizationStatus.REQUESTED, "requested", createdAt))
                : List.of(new StatusChange<>(null, AuthorizationStatus.REQUESTED, "requested", createdAt),
                new StatusChange<>(AuthorizationStatus.REQUESTED, status, "built for a test", changed));
        ProviderResponse answer = response != null ? response
                : status == AuthorizationStatus.AUTHORIZED || status == AuthorizationStatus.REVERSED
                ? new ProviderResponse("tx-built", "654321", "00", "Aprobado", "es_PE", null)
                : ProviderResponse.NONE;
        return Authorization.restore(new AuthorizationSnapshot(new AuthorizationId(id), c.provider(),
                AccountId.DEFAULT, new OperationNumber(operationNumber), details, Fingerprints.of(details), status,
                answer, failedReversals, createdAt, changed, changes, version));
    }
}
