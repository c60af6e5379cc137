package dev.cobro.adapters.persistence;

import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.payment.Payment;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;
import org.hibernate.Session;

import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The cobro.outcome_event rows of status changes: the one place they are written. Both writers of
 * status_change rows (the write-ahead's insert and a save's append, {@link StatusChanges#appendFrom})
 * add these to the same transaction, so every status change has its event and no caller has to
 * remember it. One multi-row INSERT per call; the id (bigserial) is the delivery order.
 */
final class OutcomeEvents {

    static final String COLUMNS = "subject_kind, subject_id, provider, account, reference, from_status, to_status,"
            + " reason, flags, occurred_at";
    private static final int COLUMN_COUNT = 10;

    private OutcomeEvents() {
    }

    /** What every event of one subject carries besides its change. */
    record Subject(TransactionKind kind, UUID id, String provider, String account, String reference, String flags) {

        static Subject of(Payment payment) {
            return new Subject(TransactionKind.CHECKOUT_PAYMENT, payment.id().value(), payment.provider().value(),
                    payment.account().value(), payment.merchantReference().value(),
                    payment.flags().stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        }

        static Subject of(Authorization authorization) {
            return new Subject(TransactionKind.CARD_AUTHORIZATION, authorization.id().value(),
                    authorization.provider().value(), authorization.account().value(),
                    authorization.operationNumber().value(), "");
        }
    }

    /** The INSERT of the events of {@code changes} from position {@code from} on, with its values; null if none. */
    static Insert of(Subject subject, List<? extends StatusChange<?>> changes, int from) {
        if (from >= changes.size()) {
            return null;
        }
        StringBuilder sql = new StringBuilder("insert into cobro.outcome_event (").append(COLUMNS).append(") values ");
        String row = "(" + String.join(", ", Collections.nCopies(COLUMN_COUNT, "?")) + ")";
        List<Object> values = new ArrayList<>();
        List<Integer> types = new ArrayList<>();
        for (int position = from; position < changes.size(); position++) {
            StatusChange<?> change = changes.get(position);
            sql.append(position == from ? "" : ", ").append(row);
            add(values, types, subject.kind().code(), Types.VARCHAR);
            add(values, types, subject.id(), Types.OTHER);
            add(values, types, subject.provider(), Types.VARCHAR);
            add(values, types, subject.account(), Types.VARCHAR);
            add(values, types, NulSafeText.safe(subject.reference()), Types.VARCHAR);
            add(values, types, change.from() == null ? null : change.from().name(), Types.VARCHAR);
            add(values, types, change.to().name(), Types.VARCHAR);
            add(values, types, NulSafeText.safe(change.reason()), Types.VARCHAR);
            add(values, types, subject.flags(), Types.VARCHAR);
            add(values, types, StatusChanges.timestamp(Times.micros(change.at())), Types.TIMESTAMP_WITH_TIMEZONE);
        }
        return new Insert(sql.toString(), values, types);
    }

    /** Runs the events' INSERT on its own, in the session's transaction. */
    static void append(Session session, Subject subject, List<? extends StatusChange<?>> changes, int from) {
        Insert insert = of(subject, changes, from);
        if (insert == null) {
            return;
        }
        session.doWork(c -> {
            try (PreparedStatement st = c.prepareStatement(insert.sql())) {
                for (int i = 0; i < insert.values().size(); i++) {
                    st.setObject(i + 1, insert.values().get(i), insert.types().get(i));
                }
                st.executeUpdate();
            }
        });
    }

    private static void add(List<Object> values, List<Integer> types, Object value, int type) {
        values.add(value);
        types.add(type);
    }

    /** One INSERT statement, its parameters and their JDBC types. */
    record Insert(String sql, List<Object> values, List<Integer> types) {
    }
}
