package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.history.HistoryQuery;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** On 100k rows, each main history query is answered from an index, never by reading a whole table. */
class HistoryPlanIT {

    private static final int EACH_KIND = 50_000;
    private static TestDatabase.Handle db;

    @BeforeAll
    static void fill() {
        db = Databases.migrated();
        // One row every 5 minutes from 2025-01-01; 2000 customers, every status.
        Databases.execute(db, "insert into cobro.checkout_payment (id, provider, merchant_reference, customer_id,"
                + " amount, currency, country, method_code, method_category, description, notification_url, return_url,"
                + " fingerprint, status, created_at, updated_at, version)"
                + " select gen_random_uuid(), '88pay', 'bulk-' || g, 'cust-' || (g % 2000), (g % 1000) + 1, 'MXN',"
                + " 'MEX', 'OXXO', 'CASH', 'bulk', 'https://shop.example/n', 'https://shop.example/r', 'fp',"
                + " (array['REQUESTED','AWAITING_CUSTOMER','SUCCEEDED','FAILED','CANCELLED','EXPIRED','REJECTED',"
                + "'NOT_SENT','UNKNOWN'])[1 + g % 9], timestamptz '2025-01-01' + g * interval '5 minutes',"
                + " timestamptz '2025-01-01' + g * interval '5 minutes', 0"
                + " from generate_series(1, " + EACH_KIND + ") g");
        Databases.execute(db, "insert into cobro.card_authorization (id, provider, operation_number, channel, amount,"
                + " currency, instrument_kind, instrument_masked, holder_first_name, holder_last_name,"
                + " holder_email_address, holder_identity_document_country, holder_identity_document_type,"
                + " holder_identity_document_identifier, customer_id, fingerprint, status, created_at, updated_at,"
                + " version)"
                + " select gen_random_uuid(), 'payme', g::text, '1', (g % 1000) + 1, 'PEN', 'CARD', '485951******0051',"
                + " 'Ana', 'Quispe', 'ana@example.pe', 'PE', 'DNI', '1', 'cust-' || (g % 2000), 'fp',"
                + " (array['REQUESTED','AUTHORIZED','DECLINED','REJECTED','NOT_SENT','UNKNOWN','REVERSED',"
                + "'NEEDS_REVIEW'])[1 + g % 8], timestamptz '2025-01-01' + g * interval '5 minutes' + interval '1 second',"
                + " timestamptz '2025-01-01' + g * interval '5 minutes', 0"
                + " from generate_series(1, " + EACH_KIND + ") g");
        Databases.execute(db, "analyze cobro.checkout_payment; analyze cobro.card_authorization");
        assertThat(Databases.single(db, "select count(*) from cobro.transaction_history")).isEqualTo("100000");
    }

    @Test
    void historyOfOneCustomerIsReadFromTheCustomerIndexes() {
        String plan = explain(HistoryQuery.search(criteria("cust-7", Set.of(), null, null, null), null, 51));

        assertThat(plan).as(plan).contains("ix_checkout_payment_customer", "ix_card_authorization_customer")
                .doesNotContain("Seq Scan");
    }

    @Test
    void historyByStatusAndTimeRangeIsReadFromTheStatusIndexes() {
        String plan = explain(HistoryQuery.search(criteria(null, Set.of(TransactionStatus.REJECTED),
                Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-08T00:00:00Z"), null), null, 51));

        assertThat(plan).as(plan).contains("ix_checkout_payment_status_created", "ix_card_authorization_status_created")
                .doesNotContain("Seq Scan");
    }

    @Test
    void historyBySeveralStatusesAndTimeRangeReadsNoWholeTable() {
        String plan = explain(HistoryQuery.search(criteria(null, Set.of(TransactionStatus.REJECTED, TransactionStatus.UNKNOWN),
                Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-08T00:00:00Z"), null), null, 51));

        assertThat(plan).as(plan).contains("Index").doesNotContain("Seq Scan");
    }

    @Test
    void historyByMerchantReferenceIsReadFromTheReferenceIndexes() {
        String plan = explain(HistoryQuery.byReference("bulk-777"));

        assertThat(plan).as(plan).contains("ix_checkout_payment_reference", "ix_card_authorization_operation")
                .doesNotContain("Seq Scan");
    }

    @Test
    void aLaterPageOfTheWholeHistoryStartsAtTheCursorInTheTimeIndexes() {
        HistoryCursor cursor = new HistoryCursor(Instant.parse("2025-04-01T00:00:00Z"), UUID.randomUUID());

        String plan = explain(HistoryQuery.search(HistoryCriteria.ANY, cursor, 51));

        // Both indexes are read backwards from the cursor and merged: no sort of the whole history.
        assertThat(plan).as(plan).contains("Merge Append", "ix_checkout_payment_created", "ix_card_authorization_created")
                .doesNotContain("Seq Scan", "->  Sort");
    }

    private static HistoryCriteria criteria(String customer, Set<TransactionStatus> statuses, Instant from, Instant to,
                                            String reference) {
        return HistoryCriteria.builder()
                .customerId(customer)
                .statuses(statuses)
                .createdFrom(from)
                .createdTo(to)
                .merchantReference(reference)
                .build();
    }

    private static String explain(HistoryQuery query) {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement st = query.prepare(c, "explain ");
             ResultSet rs = st.executeQuery()) {
            StringBuilder plan = new StringBuilder();
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
            return plan.toString();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
