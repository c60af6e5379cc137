package dev.cobro.adapters.persistence;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.adapters.persistence.history.HistoryQuery;
import dev.cobro.adapters.persistence.history.StatusChangeRows;
import dev.cobro.adapters.persistence.mapping.AttemptMapper;
import dev.cobro.adapters.persistence.support.StoreCalls;
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

/**
 * The history over both kinds of transaction, newest first, keyset-paginated on (created_at, id).
 * Each query reads a bounded window per index ({@link HistoryQuery}); {@link #window} reads at most
 * {@link #WINDOWS_PER_CALL} of them, {@link #search} as many as it takes.
 */
public final class PostgresTransactionHistoryAdapter implements TransactionHistoryPort {

    /**
     * Windows {@link #window} reads before answering with fewer rows than asked: enough that a
     * filter keeping one row in 200 of its driving index still fills a page of 20, few enough that
     * a page that matches nothing costs a few milliseconds.
     */
    static final int WINDOWS_PER_CALL = 4;

    private final StoreCalls calls;

    PostgresTransactionHistoryAdapter(StoreCalls calls) {
        this.calls = calls;
    }

    @Override
    public List<TransactionRecord> search(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be 1 or more");
        }
        return calls.inTransaction("search history", s -> records(s,
                s.doReturningWork(c -> read(c, criteria, after, limit, Integer.MAX_VALUE)).rows(), expand));
    }

    @Override
    public Window window(HistoryCriteria criteria, HistoryCursor after, int limit, boolean expand) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be 1 or more");
        }
        return calls.inTransaction("search history", s -> {
            Picked picked = s.doReturningWork(c -> read(c, criteria, after, limit, WINDOWS_PER_CALL));
            return new Window(records(s, picked.rows(), expand), picked.resumeAfter());
        });
    }

    /**
     * Up to {@code limit} matching rows after {@code after}, reading at most {@code windows} windows
     * on {@code c} inside the caller's transaction; the position to read on from when they ran out
     * before the rows did.
     */
    static Picked read(Connection c, HistoryCriteria criteria, HistoryCursor after, int limit, int windows)
            throws SQLException {
        return read(c, criteria, after, limit, windows, HistoryQuery.WINDOW);
    }

    /** {@link #read} with windows of {@code window} rows: a test's small data fills them. */
    static Picked read(Connection c, HistoryCriteria criteria, HistoryCursor after, int limit, int windows,
                       int window) throws SQLException {
        List<Row> found = new ArrayList<>();
        HistoryCursor from = after;
        for (int i = 0; i < windows; i++) {
            int wanted = limit - found.size();
            HistoryQuery query = HistoryQuery.search(criteria, from, wanted, window);
            Picked picked = pick(i == 0 ? rows(c, query) : select(c, query), wanted);
            found.addAll(picked.rows());
            if (picked.resumeAfter() == null) {
                return new Picked(found, null);
            }
            from = picked.resumeAfter();
        }
        return new Picked(found, from);
    }

    /**
     * The answers among one windowed query's rows (in page order), up to {@code limit}. Each branch
     * has read every row of its index down to its last row when its window was full (the edge) or
     * when it gave {@code limit} rows; the newest of those points bounds what is known, so only the
     * hits up to it are answers, and reading goes on after it. A branch that ran out bounds nothing.
     */
    static Picked pick(List<Row> rows, int limit) {
        Map<Integer, Integer> count = new LinkedHashMap<>();
        Map<Integer, Integer> last = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            count.merge(rows.get(i).branch(), 1, Integer::sum);
            last.put(rows.get(i).branch(), i);
        }
        int bound = -1;
        for (Map.Entry<Integer, Integer> branch : last.entrySet()) {
            int at = branch.getValue();
            if ((rows.get(at).edge() || count.get(branch.getKey()) >= limit) && (bound < 0 || at < bound)) {
                bound = at;
            }
        }
        List<Row> answers = new ArrayList<>();
        int end = bound < 0 ? rows.size() - 1 : bound;
        for (int i = 0; i <= end && answers.size() < limit; i++) {
            if (rows.get(i).hit()) {
                answers.add(rows.get(i));
            }
        }
        HistoryCursor resume = answers.size() < limit && bound >= 0 ? rows.get(bound).cursor() : null;
        return new Picked(answers, resume);
    }

    /** A window's answers and, when they are fewer than asked, the position to read on from. */
    record Picked(List<Row> rows, HistoryCursor resumeAfter) {
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
        return records(s, s.doReturningWork(c -> rows(c, query)), expand);
    }

    private static List<TransactionRecord> records(Session s, List<Row> rows, boolean expand) {
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
                                TransactionStatus.stored(r.kind(), c.toStatus), c.reason, c.changedAt)).toList()))
                .toList();
    }

    /** The query's rows on {@code c}, inside the caller's transaction (the settings are local to it). */
    static List<Row> rows(Connection c, HistoryQuery query) throws SQLException {
        if (query.sortless()) {
            try (Statement settings = c.createStatement()) {
                settings.execute(HistoryQuery.SETTINGS);
            }
        }
        return select(c, query);
    }

    /** The query's rows, the settings already made in this transaction. */
    private static List<Row> select(Connection c, HistoryQuery query) throws SQLException {
        List<Row> found = new ArrayList<>();
        try (PreparedStatement st = query.prepare(c, ""); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                TransactionKind kind = TransactionKind.fromCode(rs.getString("kind"));
                found.add(new Row(rs.getObject("id", UUID.class), kind,
                        ProviderId.of(rs.getString("provider")), AccountId.of(rs.getString("account")),
                        TransactionStatus.stored(kind, rs.getString("status")),
                        Money.of(rs.getBigDecimal("amount"), Currency.getInstance(rs.getString("currency"))),
                        rs.getString("customer_id"), rs.getString("reference"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                        query.windowed() ? rs.getInt("branch") : 0,
                        !query.windowed() || rs.getBoolean("hit"), query.windowed() && rs.getBoolean("edge")));
            }
        }
        return found;
    }

    private static Map<UUID, List<AttemptView>> attemptsOf(Session s, List<UUID> ids) {
        Map<UUID, List<AttemptView>> bySubject = new LinkedHashMap<>();
        s.createQuery("from AttemptEntity a where a.subjectId in :ids order by a.subjectId, a.attemptNumber",
                        AttemptEntity.class)
                .setParameter("ids", ids)
                .getResultList()
                .forEach(a -> bySubject.computeIfAbsent(a.subjectId, k -> new ArrayList<>()).add(AggregateViews.attempt(AttemptMapper.INSTANCE.restore(a))));
        return bySubject;
    }

    record Row(UUID id, TransactionKind kind, ProviderId provider, AccountId account, TransactionStatus status,
                       Money money,
                       String customerId, String reference, java.time.Instant createdAt, java.time.Instant updatedAt,
                       int branch, boolean hit, boolean edge) {

        HistoryCursor cursor() {
            return new HistoryCursor(createdAt, id);
        }

        /** Without attempts and status changes. */
        TransactionRecord record() {
            return new TransactionRecord(id, kind, provider, account, status, money, customerId, reference, createdAt,
                    updatedAt, List.of(), List.of());
        }
    }
}
