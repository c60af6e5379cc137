package dev.cobro.bootstrap;

import dev.cobro.application.port.out.StoreUnavailableException;
import jakarta.persistence.PersistenceException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class FailureForLogTest {

    @Test
    void cobrosMessagesStayAndTheDatabasesMessageIsReplacedByItsSqlState() {
        SQLException driver = new SQLException("ERROR: null value violates not-null constraint; Failing row contains"
                + " (sess_secret_0123)", "23502");
        // Hibernate repeats the database's message in its own.
        RuntimeException library = new PersistenceException("could not execute statement [sess_secret_0123]", driver);
        StoreUnavailableException cobro = new StoreUnavailableException("save payment failed: the database is"
                + " unavailable or refused it (SQLSTATE 23502)", library);

        Throwable logged = FailureForLog.of(cobro);

        assertThat(logged.getMessage()).isEqualTo(StoreUnavailableException.class.getName() + ": "
                + cobro.getMessage());
        assertThat(logged.getCause().getMessage()).isEqualTo(PersistenceException.class.getName()
                + ": (a library's message is not logged)");
        assertThat(logged.getCause().getCause().getMessage())
                .isEqualTo("java.sql.SQLException: SQLSTATE 23502 (the driver's message is not logged)");
        assertThat(logged.getStackTrace()).isEqualTo(cobro.getStackTrace());
    }

    @Test
    void anErrorKeepsItsClassAndMessage() {
        Throwable logged = FailureForLog.of(new AssertionError("a listener's failed assertion"));

        assertThat(logged.toString()).isEqualTo("java.lang.AssertionError: a listener's failed assertion");
        assertThat(logged.getCause()).isNull();
    }
}
