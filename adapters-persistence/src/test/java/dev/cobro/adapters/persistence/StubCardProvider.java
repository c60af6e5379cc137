package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.AuthorizationCall;
import dev.cobro.application.port.out.AuthorizeOutcome;
import dev.cobro.application.port.out.CardAuthorizationProviderPort;
import dev.cobro.application.port.out.PreparedCall;
import dev.cobro.application.port.out.ProviderExchange;
import dev.cobro.application.port.out.ReverseOutcome;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.shared.ProviderId;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A card provider in memory. Like a real adapter it builds its redacted request from the masked
 * instrument only, never from the card secret beside it.
 */
class StubCardProvider implements CardAuthorizationProviderPort {

    record Prepared(Authorization authorization, boolean approve, String redactedRequest) implements PreparedCall {
    }

    final AtomicInteger authorizations = new AtomicInteger();
    final AtomicInteger reversals = new AtomicInteger();
    volatile Consumer<Prepared> onPrepare = p -> { };
    volatile Consumer<Prepared> duringAuthorize = p -> { };

    @Override
    public ProviderId providerId() {
        return ProviderId.PAYME;
    }

    @Override
    public PreparedCall prepareAuthorize(AuthorizationCall call) {
        Authorization a = call.authorization();
        // An amount of exactly .05 cents is declined (code 05), any other approved.
        boolean approve = a.details().money().amount().remainder(java.math.BigDecimal.ONE)
                .compareTo(new java.math.BigDecimal("0.05")) != 0;
        Prepared prepared = new Prepared(a, approve, "{\"operation\":\"" + a.operationNumber() + "\",\"card\":\""
                + a.details().instrument().masked() + "\",\"security_code\":\"***\"}");
        onPrepare.accept(prepared);
        return prepared;
    }

    @Override
    public AuthorizeOutcome authorize(PreparedCall prepared) {
        authorizations.incrementAndGet();
        Prepared p = (Prepared) prepared;
        duringAuthorize.accept(p);
        if (p.approve()) {
            return new AuthorizeOutcome.Approved(new ProviderResponse("tx-" + p.authorization().operationNumber(),
                    "A1B2C3", "00", "Aprobado", "es_PE", p.authorization().details().instrument().masked()),
                    new ProviderExchange(200, "00", "Aprobado", "{\"success\":\"true\"}"));
        }
        return new AuthorizeOutcome.Declined(new ProviderResponse("tx-" + p.authorization().operationNumber(), null,
                "05", "No aceptada", "es_PE", null),
                new ProviderExchange(200, "05", "No aceptada", "{\"success\":\"false\"}"));
    }

    @Override
    public PreparedCall prepareReverse(Authorization authorization) {
        return new Prepared(authorization, true, "DELETE /charges/" + authorization.operationNumber());
    }

    @Override
    public ReverseOutcome reverse(PreparedCall prepared) {
        reversals.incrementAndGet();
        return new ReverseOutcome.Reversed(new ProviderExchange(200, "00", "Reversed", "{\"success\":\"true\"}"));
    }
}
