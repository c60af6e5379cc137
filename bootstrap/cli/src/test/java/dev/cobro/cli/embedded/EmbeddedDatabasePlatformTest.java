package dev.cobro.cli.embedded;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded PostgreSQL starts only where the jar carries its binaries; elsewhere the user is told what to set. */
class EmbeddedDatabasePlatformTest {

    @ParameterizedTest
    @CsvSource({"Linux, amd64", "Linux, x86_64"})
    void linuxOnX8664IsTheCarriedPlatform(String osName, String osArch) {
        assertThatCode(() -> EmbeddedDatabase.requireCarriedPlatform(osName, osArch)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource({"Mac OS X, aarch64", "Mac OS X, x86_64", "Linux, aarch64", "Windows 11, amd64"})
    void anotherPlatformIsToldToSetCobroDbUrl(String osName, String osArch) {
        assertThatThrownBy(() -> EmbeddedDatabase.requireCarriedPlatform(osName, osArch))
                .isInstanceOf(EmbeddedDatabase.NoBinariesForThisPlatformException.class)
                .hasMessageContaining("Linux x86-64 only")
                .hasMessageContaining(osName + " " + osArch)
                .hasMessageContaining("COBRO_DB_URL");
    }
}
