package dev.cobro.db;

import dev.cobro.db.testing.TestDatabase;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * V5 (provider accounts) on a database that already holds rows from before accounts existed: they
 * were the one account their provider had, {@code default}, and the idempotency keys become
 * (provider, account, merchant reference / operation number).
 */
class ProviderAccountsMigrationIT {

    static final String PAYMENT = "11111111-1111-1111-1111-111111111111";
    static final String AUTHORIZATION = "22222222-2222-2222-2222-222222222222";

    @Test
    void rowsWrittenBeforeAccountsBelongToTheDefaultAccountAndTheKeysNameTheAccount() throws SQLException {
        DataSource ds = TestDatabase.freshDatabase().dataSource();
        // The schema as it was just before V5, whatever came before it.
        MigrationVersion beforeAccounts = Arrays.stream(flyway(ds, MigrationVersion.LATEST).info().pending())
                .map(MigrationInfo::getVersion).filter(v -> v.compareTo(MigrationVersion.fromVersion("5")) < 0)
                .max(MigrationVersion::compareTo).orElseThrow();
        flyway(ds, beforeAccounts).migrate();
        assertThat(strings(ds, "select column_name from information_schema.columns where table_schema = 'cobro'"
                + " and table_name = 'checkout_payment' and column_name = 'account'")).isEmpty();
        exec(ds, insertPayment(PAYMENT, "order-1", null));
        exec(ds, "insert into cobro.card_authorization (id, provider, operation_number, channel, amount, currency,"
                + " instrument_kind, instrument_masked, holder_first_name, holder_last_name, holder_email_address,"
                + " holder_identity_document_country, holder_identity_document_type,"
                + " holder_identity_document_identifier, fingerprint, status, created_at, updated_at, version)"
                + " values ('" + AUTHORIZATION + "', 'payme', '123', '1', 10.00, 'PEN', 'CARD', '411111******1111',"
                + " 'Ana', 'Diaz', 'ana@example.com', 'PE', 'DNI', '12345678', 'f', 'AUTHORIZED', now(), now(), 1)");
        exec(ds, "insert into cobro.provider_attempt (id, subject_kind, subject_id, provider, operation,"
                + " attempt_number, status, started_at) values (gen_random_uuid(), 'checkout_payment', '" + PAYMENT
                + "', '88pay', 'CHARGE', 1, 'SUCCEEDED', now())");

        CobroMigrations.migrate(ds);

        assertThat(strings(ds, "select account from cobro.checkout_payment")).containsExactly("default");
        assertThat(strings(ds, "select account from cobro.card_authorization")).containsExactly("default");
        assertThat(strings(ds, "select account from cobro.provider_attempt")).containsExactly("default");
        assertThat(strings(ds, "select account from cobro.transaction_history order by kind"))
                .containsExactly("default", "default");
        // The same merchant reference is another payment in another account, and a duplicate in its own.
        exec(ds, insertPayment("33333333-3333-3333-3333-333333333333", "order-1", "col"));
        assertThatThrownBy(() -> exec(ds, insertPayment("44444444-4444-4444-4444-444444444444", "order-1", "col")))
                .hasMessageContaining("uq_checkout_payment_merchant_reference");
        assertThatThrownBy(() -> exec(ds, insertPayment("55555555-5555-5555-5555-555555555555", "order-2", "COL")))
                .hasMessageContaining("check");
    }

    private static Flyway flyway(DataSource ds, MigrationVersion target) {
        return Flyway.configure(CobroMigrations.class.getClassLoader()).dataSource(ds).schemas(CobroMigrations.SCHEMA)
                .defaultSchema(CobroMigrations.SCHEMA).createSchemas(true).table(CobroMigrations.HISTORY_TABLE)
                .locations(CobroMigrations.LOCATION).target(target).load();
    }

    private static String insertPayment(String id, String reference, String account) {
        return "insert into cobro.checkout_payment (id, provider, merchant_reference, customer_id, amount, currency,"
                + " country, method_code, method_category, description, notification_url, return_url, fingerprint,"
                + " status, created_at, updated_at, version" + (account == null ? "" : ", account") + ") values ('"
                + id + "', '88pay', '" + reference + "', 'cust_1', 100.00, 'MXN', 'MEX', 'CARDS', 'CARD', 'Compra',"
                + " 'https://shop.example/notify', 'https://shop.example/return', 'f', 'AWAITING_CUSTOMER', now(),"
                + " now(), 1" + (account == null ? "" : ", '" + account + "'") + ")";
    }

    private static void exec(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static List<String> strings(DataSource ds, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
