package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.HistoryCursor;
import dev.cobro.application.port.out.TransactionHistoryPort;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionRecord.StatusChangeRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.application.port.in.AggregateViews;
import dev.cobro.application.port.in.AttemptView;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The history over both kinds of transaction, newest first, keyset-paginated on (created_at, id). */
public final class PostgresTransactionHistoryAdapter implements TransactionHistoryPort {

    private final StoreCalls calls;

    PostgresTransactionHistoryAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be 1 or more");
        }
        return calls.inTransaction("search history", s -> run(s, HistoryQuery.search(criteria, after, limit), expand));
    }

    @Override
    public Optional<TransactionRecord> findById(UUID id) {
        return calls.inTransaction("find transaction " + id, s -> run(s, HistoryQuery.byId(id), true)).stream().findFirst();
    }

    @Override
    public List<TransactionRecord> findByMerchantReference(String reference) {
        return calls.inTransaction("find transactions by reference", s -> run(s, HistoryQuery.byReference(reference), true));
    }

    private static List<TransactionRecord> run(Session s, HistoryQuery query, boolean expand) {
        List<Row> rows = s.doReturningWork(c -> rows(c, query));
        if (rows.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = rows.stream().map(Row::id).toList();
        Map<UUID, List<AttemptView>> attempts = expand ? attemptsOf(s, ids) : Map.of();
        Map<UUID, List<StatusChangeEntity>> changes = expand ? StatusChangeRows.of(s, ids) : Map.of();
        return rows.stream().map(r -> new TransactionRecord(r.id(), r.kind(), r.provider(), r.account(), r.status(), r.money(),
                r.customerId(), r.reference(), r.createdAt(), r.updatedAt(), attempts.getOrDefault(r.id(), List.of()),
                changes.getOrDefault(r.id(), List.of()).stream()
                        .map(c -> new StatusChangeRecord(c.fromStatus == null ? null
                                : TransactionStatus.stored(r.kind(), c.fromStatus),
                                TransactionStatus.stored(r.kind(), c.toStatus), c.reason, c.at)).toList()))
                .toList();
    }

    /** The query's rows on {@code c}, inside the caller's transaction (the settings are local to it). */
    static List<Row> rows(Connection c, HistoryQuery query) throws SQLException {
        List<Row> found = new ArrayList<>();
        if (query.sortless()) {
            try (Statement settings = c.createStatement()) {
                settings.execute(HistoryQuery.SETTINGS);
            }
        }
        try (PreparedStatement st = query.prepare(c, ""); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                TransactionKind kind = TransactionKind.fromCode(rs.getString("kind"));
                found.add(new Row(rs.getObject("id", UUID.class), kind,
                        ProviderId.of(rs.getString("provider")), AccountId.of(rs.getString("account")),
                        TransactionStatus.stored(kind, rs.getString("status")),
                        Money.of(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency"))),
                        rs.getString("customer_id"), rs.getString("reference"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant()));
            }
        }
        return found;
    }

    private static Map<UUID, List<AttemptView>> attemptsOf(Session s, List<UUID> ids) {
        Map<UUID, List<AttemptView>> bySubject = new LinkedHashMap<>();
        s.createQuery("from AttemptEntity a where a.subjectId in :ids order by a.subjectId, a.number",
                        AttemptEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(a -> bySubject.computeIfAbsent(a.subjectId, k -> new ArrayList<>()).add(AggregateViews.attempt(AttemptMapper.INSTANCE.restore(a))));
        return bySubject;
    }

    record Row(UUID id, TransactionKind kind, ProviderId provider, AccountId account, TransactionStatus status,
                       Money money,
                       String customerId, String reference, java.time.Instant createdAt, java.time.Instant updatedAt) {

        /** Without attempts and status changes. */
        TransactionRecord record() {
            return new TransactionRecord(id, kind, provider, account, status, money, customerId, reference, createdAt,
                    updatedAt, List.of(), List.of());
        }
    }
}
