package dev.cobro.application.fakes;

import dev.cobro.application.port.out.AttemptLogPort;
import dev.cobro.application.port.out.AuthorizationStorePort;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.AuthorizationStatus;
import org.junit.jupiter.api.Test;

import static dev.cobro.application.fakes.CardAuthorizationBuilder.aCardAuthorization;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryAuthorizationStoreTest extends AuthorizationStorePortContract {

    private InMemoryAuthorizationStore fake;

    @Override
    protected AuthorizationStorePort emptyStore() {
        fake = new InMemoryAuthorizationStore();
        return fake;
    }

    @Override
    protected AttemptLogPort attemptLog() {
        return fake.attemptLog();
    }

    @Test
    void aFailedWriteChangesNothing() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        fake.failNextWrite();

        assertThatThrownBy(() -> fake.insertRequested(authorization,
                attemptOf(authorization, AttemptOperation.AUTHORIZE, 1))).isInstanceOf(StoreUnavailableException.class);

        assertThat(fake.all()).isEmpty();
        assertThat(fake.attemptLog().all()).isEmpty();
    }

    @Test
    void whatIsStoredIsACopyTheCallerCannotChange() {
        Authorization authorization = requested(aCardAuthorization(), nextNumber());
        fake.insertRequested(authorization, attemptOf(authorization, AttemptOperation.AUTHORIZE, 1));

        authorization.unknown("changed in memory only", clock);

        assertThat(fake.findById(authorization.id()).orElseThrow().status()).isEqualTo(AuthorizationStatus.REQUESTED);
    }
}
