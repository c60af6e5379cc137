package dev.cobro.adapters.persistence.support;

import dev.cobro.adapters.persistence.write.WriteBatch;
import dev.cobro.application.port.out.ConcurrentUpdateException;
import dev.cobro.application.port.out.DuplicateKeyException;
import dev.cobro.application.port.out.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class StoreErrorsTest {

    private static final Function<String, RuntimeException> PAYMENT_KEYS = constraint ->
            constraint.equals("uq_checkout_payment_merchant_reference") ? new DuplicateKeyException("taken") : null;

    @Test
    void aViolatedIdempotencyKeyIsTheCallersDuplicateKey() {
        RuntimeException e = StoreErrors.translate("insert", uniqueViolation("uq_checkout_payment_merchant_reference"),
                PAYMENT_KEYS);

        assertThat(e).isInstanceOf(DuplicateKeyException.class).hasMessage("taken");
    }

    @Test
    void aSecondAttemptWithTheSameNumberIsAConcurrentUpdate() {
        assertThat(StoreErrors.translate("save", uniqueViolation("uq_provider_attempt_number"), PAYMENT_KEYS))
                .isInstanceOf(ConcurrentUpdateException.class);
    }

    @Test
    void aSaveOverAVersionNoLongerStoredIsAConcurrentUpdate() {
        PSQLException guard = new PSQLException(new ServerErrorMessage(
                "SERROR\0C" + StoreErrors.GUARD_FAILED + "\0Mexpected 1 row\0n" + WriteBatch.GUARD_VERSION + "\0"));

        assertThat(StoreErrors.translate("save", new PersistenceException("could not execute", guard), PAYMENT_KEYS))
                .isInstanceOf(ConcurrentUpdateException.class);
    }

    @Test
    void aGuardsCheckConstraintIsAConcurrentUpdateAndAnyOtherCheckIsNot() {
        assertThat(StoreErrors.translate("save", checkViolation(WriteBatch.GUARD_VERSION), PAYMENT_KEYS))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("saved by someone else");
        assertThat(StoreErrors.translate("save", checkViolation(WriteBatch.GUARD_ATTEMPT_REQUESTED), PAYMENT_KEYS))
                .isInstanceOf(ConcurrentUpdateException.class).hasMessageContaining("already has its outcome");
        assertThat(StoreErrors.translate("save", checkViolation("ck_checkout_payment_refunded"), PAYMENT_KEYS))
                .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("SQLSTATE 23514");
    }

    @Test
    void anyOtherDatabaseFailureIsStoreUnavailableWithoutTheDriversText() {
        PersistenceException failure = new PersistenceException("wrapped",
                new SQLException("Failing row contains (Ana, ana@example.pe)", "23502"));

        RuntimeException e = StoreErrors.translate("save payment", failure, PAYMENT_KEYS);

        assertThat(e).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("SQLSTATE 23502")
                .hasMessageNotContaining("ana@example.pe");
    }

    @Test
    void aBugIsNotDisguisedAsAStoreFailure() {
        IllegalStateException bug = new IllegalStateException("never stored");

        assertThat(StoreErrors.translate("save", bug, PAYMENT_KEYS)).isSameAs(bug);
    }

    private static PersistenceException checkViolation(String constraint) {
        PSQLException psql = new PSQLException(new ServerErrorMessage(
                "SERROR\0C" + StoreErrors.CHECK_VIOLATION + "\0Mnew row violates check constraint\0n" + constraint + "\0"));
        return new PersistenceException("could not execute statement", psql);
    }

    private static PersistenceException uniqueViolation(String constraint) {
        PSQLException psql = new PSQLException(new ServerErrorMessage(
                "SERROR\0C23505\0Mduplicate key value violates unique constraint\0n" + constraint + "\0"));
        return new PersistenceException("could not execute statement", psql);
    }
}
