package dev.cobro.db.testing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestDatabaseTest {

    @Test
    void aServerUrlIsPointedAtAnotherDatabaseKeepingHostPortAndParameters() {
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://db:5433/app?sslmode=disable", "cobro_test_1"))
                .isEqualTo("jdbc:postgresql://db:5433/cobro_test_1?sslmode=disable");
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://localhost/postgres", "x"))
                .isEqualTo("jdbc:postgresql://localhost/x");
    }

    @Test
    void urlParametersWhichMayHoldAPasswordAreNeverShown() {
        assertThat(TestDatabase.withoutParameters("jdbc:postgresql://h/db?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://h/db");
        assertThatThrownBy(() -> TestDatabase.withDatabase("jdbc:mysql://h/db?password=secret", "x"))
                .hasMessageNotContaining("secret");
    }
}
