package dev.cobro.adapters.persistence;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.fakes.FakeCardProvider;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** No PAN, CVV or card token reaches any text column of any table of schema cobro. */
class CardDataIT {

    private static TestDatabase.Handle db;
    private static CobroPersistence persistence;

    @BeforeAll
    static void start() {
        db = Databases.migrated();
        persistence = Databases.persistence(db);
    }

    @AfterAll
    static void stop() {
        persistence.close();
    }

    @Test
    void afterAuthorizationsWithTestCardsNoTextColumnHoldsAPanACvvOrAToken() {
        ControllableClock clock = ControllableClock.ticking(TestData.START, java.time.Duration.ofNanos(1000));
        FakeCardProvider provider = new FakeCardProvider(ProviderId.PAYME).willApprove()
                .willDecline("05", "No aceptada").willApprove();
        var authorize = Services.authorize(persistence, provider, clock);
        AuthorizationResult approved = authorize.authorize(TestData.cardAuthorization(null, "120.00"));
        AuthorizationResult declined = authorize.authorize(TestData.cardAuthorization(null, "33.05"));
        AuthorizationResult byToken = authorize.authorize(TestData.tokenAuthorization(null, "45.00"));
        Services.reverse(persistence, provider, clock).reverse(new ReverseAuthorizationCommand(approved.authorization().id()));

        assertThat(List.of(approved, declined, byToken)).extracting(r -> r.authorization().status())
                .containsExactly(AuthorizationStatus.AUTHORIZED, AuthorizationStatus.DECLINED, AuthorizationStatus.AUTHORIZED);
        assertThat(Databases.single(db, "select count(*) from cobro.provider_attempt")).isEqualTo("4");

        List<List<String>> textColumns = Databases.rows(db, "select table_name, column_name from information_schema.columns"
                + " where table_schema = 'cobro' and data_type in ('text', 'character varying', 'character')");
        assertThat(textColumns).hasSizeGreaterThan(50);
        List<String> leaks = new ArrayList<>();
        for (List<String> column : textColumns) {
            String table = column.get(0);
            String name = column.get(1);
            String found = Databases.single(db, "select count(*) from cobro." + table + " where " + name + " like '%"
                    + TestData.TEST_PAN + "%' or " + name + " ~ '\\y" + TestData.TEST_CVV + "\\y' or " + name
                    + " like '%" + TestData.TEST_TOKEN + "%' or " + name + " ~ '[0-9]{13,19}'");
            if (!found.equals("0")) {
                leaks.add(table + "." + name);
            }
        }
        assertThat(leaks).as("columns holding card data").isEmpty();
        // The stored traces of the card: the masked PAN, the masked token and its keyed hash.
        assertThat(Databases.rows(db, "select distinct instrument_masked from cobro.card_authorization order by 1"))
                .containsExactly(List.of("****AbCd"), List.of("485951******0051"));
    }

    @Test
    void noColumnIsMeantForAPanACvvOrATokenId() {
        List<List<String>> suspicious = Databases.rows(db, "select table_name || '.' || column_name"
                + " from information_schema.columns where table_schema = 'cobro'"
                + " and (column_name ~ '(pan|cvv|security_code|card_number|token)')"
                + " order by 1");

        assertThat(suspicious).containsExactly(List.of("card_authorization.instrument_token_hash"),
                List.of("card_authorization.provider_masked_pan"));
    }
}
