package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.in.IdempotencyConflictException;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.AuthorizeOutcome;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.application.port.out.PreparedCall;
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
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.Violations;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Card authorization through the one write-ahead routine ({@link ProviderOperation}). The card data lives only in this call's memory: the stored
 * authorization holds the masked PAN (or masked token and its keyed hash).
 */
public final class AuthorizeCardService implements AuthorizeCardUseCase {

    private final ProviderRegistry<CardAuthorizationProviderPort> providers;
    private final AuthorizationStorePort authorizations;
    private final ProviderOperation operation;
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
        this.operation = new ProviderOperation(attempts, ids, clock);
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

        AccountId account = AccountId.orDefault(command.account());
        CardAuthorizationProviderPort provider = providers.get(command.provider(), account);
        String fingerprint = Fingerprints.of(details);
        // Insert first: the write-ahead itself finds a taken operation number (the key's unique
        // constraint), and only then is the stored authorization read to answer from it.
        OperationNumber number = command.operationNumber() != null ? command.operationNumber() : operationNumbers.next();
        Authorization authorization = Authorization.request(new AuthorizationId(ids.get()), command.provider(),
                account, number, details, fingerprint, clock);
        return send(provider, authorization, secret, true, fingerprint);
    }

    private AuthorizationResult answerExisting(Authorization stored, String fingerprint,
                                               CardAuthorizationProviderPort provider, CardSecret secret) {
        if (!stored.fingerprint().equals(fingerprint)) {
            throw new IdempotencyConflictException("operation number " + stored.operationNumber() + " of provider "
                    + stored.provider() + " account " + stored.account() + " was used for another request (authorization " + stored.id() + ")");
        }
        if (stored.status() == AuthorizationStatus.REQUESTED) {
            return new AuthorizationResult.InProgress(AggregateViews.authorization(stored));
        }
        if (stored.status() == AuthorizationStatus.NOT_SENT && provider != null) {
            // NOT_SENT is the one status the same key may send again.
            stored.retry(clock);
            return send(provider, stored, secret, false, fingerprint);
        }
        return new AuthorizationResult.Replayed(AggregateViews.authorization(stored));
    }

    private AuthorizationResult send(CardAuthorizationProviderPort provider, Authorization authorization,
                                     CardSecret secret, boolean isNew, String fingerprint) {
        ProviderOperation.Subject subject = new ProviderOperation.Subject(TransactionKind.CARD_AUTHORIZATION,
                authorization.id().value(), authorization.provider(), authorization.account(), isNew,
                "authorization " + authorization.id());
        ProviderOperation.Ran<AuthorizeOutcome> ran = operation.run(subject, AttemptOperation.AUTHORIZE,
                new ProviderOperation.Steps<PreparedCall, AuthorizeOutcome>() {
                    @Override
                    public PreparedCall prepare() {
                        return provider.prepareAuthorize(new AuthorizationCall(AggregateViews.authorization(authorization), secret));
                    }

                    @Override
                    public void writeAhead(ProviderAttempt attempt) {
                        if (isNew) {
                            authorizations.insertRequested(authorization, attempt);
                        } else {
                            authorizations.save(authorization, attempt);
                        }
                    }

                    @Override
                    public AuthorizeOutcome call(PreparedCall prepared) {
                        return provider.authorize(prepared);
                    }

                    @Override
                    public ProviderOperation.Settlement settle(PreparedCall prepared, AuthorizeOutcome outcome) {
                        return new ProviderOperation.Settlement(apply(authorization, outcome), outcome.exchange());
                    }

                    @Override
                    public void record(ProviderAttempt attempt) {
                        authorizations.save(authorization, attempt);
                    }
                });
        if (ran instanceof ProviderOperation.Ran.Refused<AuthorizeOutcome> refused) {
            Authorization stored = (isNew
                    ? authorizations.findByOperationNumber(authorization.provider(), authorization.account(),
                            authorization.operationNumber())
                    : authorizations.findById(authorization.id())).orElseThrow(refused::why);
            return isNew ? answerExisting(stored, fingerprint, provider, secret)
                    : new AuthorizationResult.InProgress(AggregateViews.authorization(stored));
        }
        return new AuthorizationResult.Created(AggregateViews.authorization(authorization));
    }

    private AttemptStatus apply(Authorization authorization, AuthorizeOutcome outcome) {
        if (outcome instanceof AuthorizeOutcome.Approved approved) {
            authorization.authorize(approved.response(), clock);
            return AttemptStatus.SUCCEEDED;
        }
        if (outcome instanceof AuthorizeOutcome.Declined declined) {
            authorization.decline(declined.response(), clock);
            return AttemptStatus.DECLINED;
        }
        if (outcome instanceof AuthorizeOutcome.Rejected rejected) {
            authorization.reject(rejected.reason(), clock);
            return AttemptStatus.REJECTED;
        }
        if (outcome instanceof AuthorizeOutcome.NotSent notSent) {
            authorization.notSent(notSent.reason(), clock);
            return AttemptStatus.NOT_SENT;
        }
        authorization.unknown(((AuthorizeOutcome.Unknown) outcome).reason(), clock);
        return AttemptStatus.UNKNOWN;
    }
}
