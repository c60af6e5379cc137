package dev.cobro.application.service;

import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.AuthorizeOutcome;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.Violations;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Write-ahead card authorization. The card data lives only in this call's memory: the stored
 * authorization holds the masked PAN (or masked token and its keyed hash).
 */
public final class AuthorizeCardService implements AuthorizeCardUseCase {

    private final ProviderRegistry<CardAuthorizationProviderPort> providers;
    private final AuthorizationStorePort authorizations;
    private final AttemptLogPort attempts;
    private final OperationNumberPort operationNumbers;
    private final TokenHasher tokenHasher;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public AuthorizeCardService(ProviderRegistry<CardAuthorizationProviderPort> providers,
                                AuthorizationStorePort authorizations, AttemptLogPort attempts,
                                OperationNumberPort operationNumbers, TokenHasher tokenHasher, Supplier<UUID> ids,
                                Clock clock) {
        this.providers = providers;
        this.authorizations = authorizations;
        this.attempts = attempts;
        this.operationNumbers = operationNumbers;
        this.tokenHasher = tokenHasher;
        this.ids = ids;
        this.clock = clock;
    }

    @Override
    public AuthorizationResult authorize(AuthorizeCardCommand command) {
        Violations v = new Violations();
        CardSecret secret = v.field("payment_method", () -> command.card().toSecret());
        AuthorizationDetails.checkCardData(command.channel(), secret, clock, v);
        AuthorizationDetails details = v.field("", () -> new AuthorizationDetails(command.channel(), command.money(),
                secret == null ? null : Instrument.of(secret, secret.kind() == CardSecret.Kind.TOKEN
                        ? tokenHasher.hash(secret.tokenId()) : null),
                command.cardHolder(), command.billing(), command.shipping(), command.description(),
                command.additionalFields(), command.customerId()));
        v.throwIfAny();

        CardAuthorizationProviderPort provider = providers.get(command.provider());
        String fingerprint = Fingerprints.of(details);
        OperationNumber number = command.operationNumber();
        if (number != null) {
            Optional<Authorization> existing = authorizations.findByOperationNumber(command.provider(), number);
            if (existing.isPresent()) {
                return answerExisting(existing.get(), fingerprint, provider, secret);
            }
        } else {
            number = operationNumbers.next();
        }
        Authorization authorization = Authorization.request(new AuthorizationId(ids.get()), command.provider(), number,
                details, fingerprint, clock);
        PreparedCall prepared = provider.prepareAuthorize(new AuthorizationCall(authorization, secret));
        ProviderAttempt attempt = newAttempt(authorization, 1, prepared);
        try {
            authorizations.insertRequested(authorization, attempt);
        } catch (DuplicateKeyException raced) {
            Authorization winner = authorizations.findByOperationNumber(command.provider(), number)
                    .orElseThrow(() -> raced);
            return answerExisting(winner, fingerprint, null, null);
        }
        return new AuthorizationResult.Created(send(provider, authorization, attempt, prepared));
    }

    private AuthorizationResult answerExisting(Authorization stored, String fingerprint,
                                               CardAuthorizationProviderPort provider, CardSecret secret) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflictException("operation number " + stored.operationNumber() + " of provider "
                    + stored.provider() + " was used for another request (authorization " + stored.id() + ")");
        }
        if (stored.status() == AuthorizationStatus.REQUESTED) {
            return new AuthorizationResult.InProgress(stored);
        }
        if (stored.status() == AuthorizationStatus.NOT_SENT && provider != null) {
            stored.retry(clock);
            PreparedCall prepared = provider.prepareAuthorize(new AuthorizationCall(stored, secret));
            ProviderAttempt attempt = newAttempt(stored, attempts.attemptsOf(stored.id().value()).size() + 1, prepared);
            try {
                authorizations.save(stored, attempt);
            } catch (ConcurrentUpdateException raced) {
                return authorizations.findById(stored.id()).<AuthorizationResult>map(AuthorizationResult.InProgress::new)
                        .orElseThrow(() -> raced);
            }
            return new AuthorizationResult.Created(send(provider, stored, attempt, prepared));
        }
        return new AuthorizationResult.Replayed(stored);
    }

    private ProviderAttempt newAttempt(Authorization authorization, int number, PreparedCall prepared) {
        return ProviderAttempt.start(ids.get(), TransactionKind.CARD_AUTHORIZATION, authorization.id().value(),
                authorization.provider(), AttemptOperation.AUTHORIZE, number, prepared.redactedRequest(), clock);
    }

    private Authorization send(CardAuthorizationProviderPort provider, Authorization authorization,
                               ProviderAttempt attempt, PreparedCall prepared) {
        AuthorizeOutcome outcome = provider.authorize(prepared);
        AttemptStatus status;
        if (outcome instanceof AuthorizeOutcome.Approved approved) {
            authorization.authorize(approved.response(), clock);
            status = AttemptStatus.SUCCEEDED;
        } else if (outcome instanceof AuthorizeOutcome.Declined declined) {
            authorization.decline(declined.response(), clock);
            status = AttemptStatus.DECLINED;
        } else if (outcome instanceof AuthorizeOutcome.Rejected rejected) {
            authorization.reject(rejected.reason(), clock);
            status = AttemptStatus.REJECTED;
        } else if (outcome instanceof AuthorizeOutcome.NotSent notSent) {
            authorization.notSent(notSent.reason(), clock);
            status = AttemptStatus.NOT_SENT;
        } else {
            authorization.unknown(((AuthorizeOutcome.Unknown) outcome).reason(), clock);
            status = AttemptStatus.UNKNOWN;
        }
        ProviderExchange exchange = outcome.exchange();
        attempt.finish(status, exchange.httpStatus(), exchange.providerCode(), exchange.providerMessage(),
                exchange.redactedResponse(), clock);
        try {
            authorizations.save(authorization, attempt);
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("authorization " + authorization.id() + " was sent to "
                    + authorization.provider() + " but its outcome (" + authorization.status()
                    + ") could not be recorded; it stays REQUESTED and resolve-unknown will settle it", e);
        }
        return authorization;
    }
}
