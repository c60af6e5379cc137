package dev.cobro.application.service;

import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardUseCase;
import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.OperationNumberPort;
import dev.cobro.application.port.out.MetricsPort;
import dev.cobro.application.port.out.ProviderOutcome;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
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
    private final ProviderOperation.Answers<Authorization, AuthorizationId, AuthorizationStatus, AuthorizationResult>
            answers;
    private final OperationNumberPort operationNumbers;
    private final TokenHasher tokenHasher;
    private final Supplier<UUID> ids;
    private final Clock clock;

    public AuthorizeCardService(ProviderRegistry<CardAuthorizationProviderPort> providers,
                                AuthorizationStorePort authorizations, AttemptLogPort attempts,
                                OperationNumberPort operationNumbers, TokenHasher tokenHasher, Supplier<UUID> ids,
                                Clock clock) {
        this(providers, authorizations, attempts, operationNumbers, tokenHasher, MetricsPort.NONE, ids, clock);
    }

    /** With the metrics every authorization call is timed in (provider, account, operation, outcome). */
    public AuthorizeCardService(ProviderRegistry<CardAuthorizationProviderPort> providers,
                                AuthorizationStorePort authorizations, AttemptLogPort attempts,
                                OperationNumberPort operationNumbers, TokenHasher tokenHasher, MetricsPort metrics,
                                Supplier<UUID> ids, Clock clock) {
        this.providers = providers;
        this.authorizations = authorizations;
        this.operation = new ProviderOperation(attempts, metrics, ids, clock);
        this.answers = new ProviderOperation.Answers<>(authorizations,
                a -> authorizations.findByOperationNumber(a.provider(), a.account(), a.operationNumber()),
                a -> "operation number " + a.operationNumber() + " of provider " + a.provider() + " account "
                        + a.account() + " was used for another request (authorization " + a.id() + ")",
                a -> new AuthorizationResult.InProgress(AggregateViews.authorization(a)),
                a -> new AuthorizationResult.Replayed(AggregateViews.authorization(a)));
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

    /**
     * One authorization through the provider operation. A write-ahead refused by the record (the
     * operation number taken by a racing duplicate, an unfinished call of this authorization, a
     * concurrent save) is answered from the record: NOT_SENT is the one status the same key may send again.
     */
    private AuthorizationResult send(CardAuthorizationProviderPort provider, Authorization authorization,
                                     CardSecret secret, boolean isNew, String fingerprint) {
        ProviderOperation.Ran<ProviderResponse> ran = operation.run(subject(authorization, authorizations), isNew,
                AttemptOperation.AUTHORIZE, new ProviderOperation.Call<>(
                        () -> provider.prepareAuthorize(new AuthorizationCall(AggregateViews.authorization(authorization), secret)),
                        provider::authorize, (prepared, outcome) -> moveAs(authorization, outcome)));
        if (ran instanceof ProviderOperation.Ran.Refused<ProviderResponse> refused) {
            return ProviderOperation.answerFromRecord(refused, authorization, isNew, fingerprint, answers, stored -> {
                stored.retry(clock);
                return send(provider, stored, secret, false, fingerprint);
            });
        }
        return new AuthorizationResult.Created(AggregateViews.authorization(authorization));
    }

    /** The authorization as a provider operation's subject: inserted with its first attempt, saved with the others. */
    static ProviderOperation.Subject subject(Authorization authorization, AuthorizationStorePort authorizations) {
        return ProviderOperation.Subject.of(TransactionKind.CARD_AUTHORIZATION, authorization,
                authorization.id().value(), "authorization " + authorization.id(), authorizations);
    }

    private void moveAs(Authorization authorization, ProviderOutcome<ProviderResponse> outcome) {
        if (outcome instanceof ProviderOutcome.Succeeded<ProviderResponse> approved) {
            authorization.authorize(approved.answer(), clock);
        } else if (outcome instanceof ProviderOutcome.Declined<ProviderResponse> declined) {
            authorization.decline(declined.answer(), clock);
        } else if (outcome instanceof ProviderOutcome.Rejected) {
            authorization.reject(outcome.reason(), clock);
        } else if (outcome instanceof ProviderOutcome.NotSent) {
            authorization.notSent(outcome.reason(), clock);
        } else {
            authorization.unknown(outcome.reason(), clock);
        }
    }
}
