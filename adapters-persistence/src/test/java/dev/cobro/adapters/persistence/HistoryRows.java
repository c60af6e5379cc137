package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;

import javax.sql.DataSource;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * History rows written straight into the tables (fast, and with chosen times), and the in-memory
 * reference the history adapter is checked against.
 */
final class HistoryRows {

    static final String[] CURRENCIES = {"PEN", "MXN", "CLP"};
    static final String[] PAYMENT_PROVIDERS = {"88pay", "otherpay"};
    static final String[] CARD_PROVIDERS = {"payme", "otherpay"};
    static final String[] ACCOUNTS = {"default", "mx", "pe-2"};

    record Row(UUID id, TransactionKind kind, String provider, String status, BigDecimal amount, String currency,
               String customerId, String reference, Instant createdAt, String account) {

        static Row of(TransactionRecord r) {
            return new Row(r.id(), r.kind(), r.provider().value(), r.status().name(), r.money().amount(),
                    r.money().currency().getCurrencyCode(), r.customerId(), r.merchantReference(), r.createdAt(),
                    r.account().value());
        }
    }

    /** PostgreSQL orders uuids by their bytes, unsigned: the order of their hex text, not UUID.compareTo. */
    static final Comparator<Row> NEWEST_FIRST = Comparator.comparing(Row::createdAt)
            .thenComparing(r -> r.id().toString()).reversed();

    private HistoryRows() {
    }

    /** Times on a coarse grid, so that many rows share a created_at and the id decides their order. */
    static Row random(Random random, int serial, Instant base) {
        boolean payment = random.nextBoolean();
        String currency = CURRENCIES[random.nextInt(CURRENCIES.length)];
        int scale = currency.equals("CLP") ? 0 : 2;
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextInt(100_000), scale);
        if (scale == 0) {
            amount = BigDecimal.valueOf(1 + random.nextInt(1000));
        }
        Instant created = base.plusSeconds(60L * random.nextInt(2000)).plusNanos(1000L * random.nextInt(3));
        String customer = payment || random.nextInt(4) > 0 ? "c" + random.nextInt(15) : null;
        String account = ACCOUNTS[random.nextInt(ACCOUNTS.length)];
        if (payment) {
            PaymentStatus[] statuses = PaymentStatus.values();
            return new Row(UUID.randomUUID(), TransactionKind.CHECKOUT_PAYMENT,
                    PAYMENT_PROVIDERS[random.nextInt(PAYMENT_PROVIDERS.length)],
                    statuses[random.nextInt(statuses.length)].name(), amount, currency, customer, "ref-" + serial,
                    created, account);
        }
        AuthorizationStatus[] statuses = AuthorizationStatus.values();
        return new Row(UUID.randomUUID(), TransactionKind.CARD_AUTHORIZATION,
                CARD_PROVIDERS[random.nextInt(CARD_PROVIDERS.length)], statuses[random.nextInt(statuses.length)].name(),
                amount, currency, customer, String.valueOf(serial), created, account);
    }

    static void insert(DataSource ds, List<Row> rows) {
        try (Connection c = ds.getConnection();
             PreparedStatement payments = c.prepareStatement("insert into cobro.checkout_payment (id, provider,"
                     + " merchant_reference, customer_id, amount, currency, country, method_code, method_category,"
                     + " description, notification_url, return_url, fingerprint, status, created_at, updated_at,"
                     + " version, account) values (?, ?, ?, ?, ?, ?, 'MEX', 'OXXO', 'CASH', 'history row',"
                     + " 'https://shop.example/n', 'https://shop.example/r', 'fp', ?, ?, ?, 0, ?)");
             PreparedStatement cards = c.prepareStatement("insert into cobro.card_authorization (id, provider,"
                     + " operation_number, channel, amount, currency, instrument_kind, instrument_masked,"
                     + " holder_first_name, holder_last_name, holder_email_address, holder_identity_document_country,"
                     + " holder_identity_document_type, holder_identity_document_identifier, billing_first_name,"
                     + " customer_id, fingerprint, status, created_at, updated_at, version, account) values (?, ?, ?,"
                     + " '1', ?, ?, 'CARD', '485951******0051', 'Ana', 'Quispe', 'ana@example.pe', 'PE', 'DNI', '1',"
                     + " 'Ana', ?, 'fp', ?, ?, ?, 0, ?)")) {
            for (Row r : rows) {
                OffsetDateTime at = OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC);
                PreparedStatement st = r.kind() == TransactionKind.CHECKOUT_PAYMENT ? payments : cards;
                int i = 1;
                st.setObject(i++, r.id());
                st.setString(i++, r.provider());
                st.setString(i++, r.reference());
                if (st == payments) {
                    st.setString(i++, r.customerId());
                    st.setBigDecimal(i++, r.amount());
                    st.setString(i++, r.currency());
                } else {
                    st.setBigDecimal(i++, r.amount());
                    st.setString(i++, r.currency());
                    st.setString(i++, r.customerId());
                }
                st.setString(i++, r.status());
                st.setObject(i++, at);
                st.setObject(i++, at);
                st.setString(i, r.account());
                st.addBatch();
            }
            payments.executeBatch();
            cards.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not insert history rows", e);
        }
    }

    /** What the history must answer, computed in memory from the criteria's documented meaning. */
    static List<Row> expected(List<Row> all, HistoryCriteria c, HistoryCursor after, int limit) {
        return all.stream()
                .filter(r -> c.customerId() == null || c.customerId().equals(r.customerId()))
                .filter(r -> c.provider() == null || c.provider().value().equals(r.provider()))
                .filter(r -> c.account() == null || c.account().value().equals(r.account()))
                .filter(r -> c.kind() == null || c.kind() == r.kind())
                .filter(r -> c.statuses().isEmpty() || c.statuses().contains(TransactionStatus.valueOf(r.status())))
                .filter(r -> c.currency() == null || c.currency().getCurrencyCode().equals(r.currency()))
                .filter(r -> c.minAmount() == null || r.amount().compareTo(c.minAmount()) >= 0)
                .filter(r -> c.maxAmount() == null || r.amount().compareTo(c.maxAmount()) <= 0)
                .filter(r -> c.createdFrom() == null || !r.createdAt().isBefore(c.createdFrom()))
                .filter(r -> c.createdTo() == null || r.createdAt().isBefore(c.createdTo()))
                .filter(r -> c.merchantReference() == null || c.merchantReference().equals(r.reference()))
                .filter(r -> after == null || NEWEST_FIRST.compare(r, cursorRow(after)) > 0)
                .sorted(NEWEST_FIRST)
                .limit(limit)
                .toList();
    }

    private static Row cursorRow(HistoryCursor cursor) {
        return new Row(cursor.id(), null, null, null, null, null, null, null, cursor.createdAt(), null);
    }
}
