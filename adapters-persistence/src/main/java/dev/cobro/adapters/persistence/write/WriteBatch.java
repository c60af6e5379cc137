package dev.cobro.adapters.persistence.write;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.adapters.persistence.write.EntityTables.Columns;
import dev.cobro.adapters.persistence.write.EntityTables.Table;
import dev.cobro.adapters.persistence.write.EntityTables.Value;
import dev.cobro.adapters.persistence.entity.OutcomeEventEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.adapters.persistence.mapping.AttemptMapper;
import dev.cobro.adapters.persistence.mapping.EventSubject;
import dev.cobro.adapters.persistence.mapping.StatusChangeMapper;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.StatusChange;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.type.descriptor.WrapperOptions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows one port call writes, as SQL statements sent to PostgreSQL in <em>one round trip</em>,
 * where they run as <em>one transaction</em>: the statements go in one prepared statement (the
 * driver sends them before a single Sync, which ends PostgreSQL's implicit transaction on a
 * connection in auto-commit), in the order they were added, and the first that fails rolls back all
 * of them. On a connection that is not in auto-commit the batch is committed (or rolled back) by
 * itself, one more round trip.
 * <p>
 * Hibernate's own writes cannot do this: a stateless session sends one JDBC batch per statement
 * shape, and its transaction's BEGIN and COMMIT, so a write-ahead would take four round trips or
 * more. So this writes the entities itself, but knows no column: each statement's table, columns
 * and bound values come from Hibernate's mapping of the entity ({@link EntityTables}), and an
 * update writes exactly the entity's {@code updatable} columns.
 * <p>
 * A write that may only go ahead over a row in a given state (the aggregate still at the version it
 * was read at; an attempt still REQUESTED when its outcome is written) carries that guard in its own
 * UPDATE: the statement finds the row by its key alone and, when the row is no longer in that state,
 * writes a value the table's CHECK constraint named after the guard refuses (a version of -1, an
 * attempt status of {@code REFUSED_WRITE}; migration V14). PostgreSQL raises with the guard's name
 * as the error's constraint, which {@code StoreErrors} maps like a unique constraint's name, and the
 * batch is rolled back. The test sits in the row's own SET: a data-modifying CTE counting its rows for
 * a PL/pgSQL check, as these guards were written before, cost the database a third more per guarded
 * statement (33 microseconds of the server's CPU over 100). A row that is not stored at all matches
 * nothing and raises nothing; Cobro deletes none of the rows it writes over, so such a write is a bug,
 * which the statement's count reports ({@link #send}), as it does for a plain {@link #update}.
 */
public final class WriteBatch {

    /** The aggregate row was not at the version it was read at (or is not stored at all). */
    public static final String GUARD_VERSION = "cobro_guard_version";
    /**
     * A status change's key, (subject, position): appending at a position already stored means the
     * aggregate was restored without its whole history.
     */
    public static final String STATUS_CHANGE_POSITION = "uq_status_change_position";
    /** The attempt whose outcome was to be written is not REQUESTED any more (or belongs to another subject). */
    public static final String GUARD_ATTEMPT_REQUESTED = "cobro_guard_attempt_requested";
    /** The status a refused attempt write would leave, which {@link #GUARD_ATTEMPT_REQUESTED} forbids. */
    private static final String REFUSED_STATUS = "REFUSED_WRITE";
    /** The version a refused versioned update would leave, which {@link #GUARD_VERSION} forbids. */
    private static final int REFUSED_VERSION = -1;

    /** Whether {@code constraint} names one of the guards this class writes in a row's SET. */
    public static boolean isGuard(String constraint) {
        return GUARD_VERSION.equals(constraint) || GUARD_ATTEMPT_REQUESTED.equals(constraint);
    }

    private final EntityTables tables;
    /** The statements' texts, each the one kept for its shape. */
    private final List<String> statements = new ArrayList<>(8);
    /** Per statement, the row its count of one stands for, or null when its count says nothing. */
    private final List<RowOf> oneRowOf = new ArrayList<>(8);
    private final List<Value> values = new ArrayList<>();

    public WriteBatch(EntityTables tables) {
        this.tables = tables;
    }

    /** One INSERT of an entity's row, then one of each of its element collections' rows. */
    public WriteBatch insert(Object entity) {
        Table table = tables.of(entity.getClass());
        insert(table.name(), List.of(table.insert(entity)));
        for (PluralAttributeMapping collection : table.collections()) {
            List<?> elements = (List<?>) collection.getValue(entity);
            Object id = table.id(entity).values().get(0).value();
            insert(EntityTables.collectionTable(collection), EntityTables.collectionRows(collection, id, elements));
        }
        return this;
    }

    /** One multi-row INSERT of entities of one class; nothing when there are none. */
    public WriteBatch insertAll(List<?> entities) {
        if (entities.isEmpty()) {
            return this;
        }
        Table table = tables.of(entities.get(0).getClass());
        List<Columns> rows = new ArrayList<>(entities.size());
        for (Object entity : entities) {
            rows.add(table.insert(entity));
        }
        return insert(table.name(), rows);
    }

    private WriteBatch insert(String table, List<Columns> rows) {
        if (rows.isEmpty()) {
            return this;
        }
        return statement(text(new Shape(Shape.Kind.INSERT, table, rows.get(0).names(), List.of(), rows.size())), rows,
                null);
    }

    /**
     * Writes {@code entity}'s updatable columns over its row only while that row is at
     * {@code readVersion}, and moves the version on: two writers of one version never both succeed,
     * and the loser's whole batch is rolled back ({@link #GUARD_VERSION}). The row stays locked until
     * the batch's transaction ends, so the status changes appended after it cannot collide with
     * another writer's; one that still collides on its position ({@link #STATUS_CHANGE_POSITION}) was
     * appended by an aggregate restored without its whole history, and its batch is rolled back too.
     */
    public WriteBatch versionedUpdate(Object entity, long readVersion) {
        Table table = tables.of(entity.getClass());
        Columns state = table.update(entity);
        Columns id = table.id(entity);
        Columns version = table.attribute("version", null);
        // Bound in the statement's order: the columns, the version read, then the id.
        Columns key = new Columns(List.of(id.names().get(0), version.names().get(0)),
                List.of(new Value(readVersion, version.values().get(0).mapping()), id.values().get(0)));
        return statement(text(new Shape(Shape.Kind.VERSIONED_UPDATE, table.name(), state.names(), key.names(), 1)),
                List.of(state, key), new RowOf(table.name(), id.values().get(0).value()));
    }

    /**
     * The status changes from position {@code from} on, each with its outcome event: every writer of
     * status_change rows comes through here, so no change goes without its event.
     */
    public WriteBatch statusChanges(EventSubject subject, List<? extends StatusChange<?>> changes, int from) {
        List<StatusChangeEntity> rows = new ArrayList<>();
        List<OutcomeEventEntity> events = new ArrayList<>();
        for (int position = from; position < changes.size(); position++) {
            StatusChangeEntity change = StatusChangeMapper.INSTANCE.toEntity(subject.kind(), subject.id(), position,
                    changes.get(position));
            rows.add(change);
            events.add(StatusChangeMapper.INSTANCE.toEvent(subject, change));
        }
        return insertAll(rows).insertAll(events);
    }

    /**
     * An attempt given to a write. A REQUESTED attempt (the write-ahead) is inserted: a second
     * unfinished attempt of one subject fails on uq_provider_attempt_one_requested, a taken number on
     * uq_provider_attempt_number. A finished one is written over its REQUESTED row by id, only the
     * outcome's (updatable) columns, and only while that row is still REQUESTED
     * ({@link #GUARD_ATTEMPT_REQUESTED}): an attempt finishes once and is never written over (a stale
     * copy, the resolver racing a late outcome), and an attempt that was never written ahead has no
     * row to finish.
     */
    public WriteBatch attempt(ProviderAttempt attempt) {
        AttemptEntity e = AttemptMapper.INSTANCE.toEntity(attempt.snapshot());
        if (attempt.status() == AttemptStatus.REQUESTED) {
            return insert(e);
        }
        Table table = tables.of(AttemptEntity.class);
        Columns outcome = table.update(e);
        String statusColumn = table.column("status");
        int status = outcome.names().indexOf(statusColumn);
        // The outcome's columns but its status, which the guard's CASE writes last: bound in the
        // statement's order, the columns, the subject, the status, then the id.
        List<String> names = new ArrayList<>(outcome.names());
        List<Value> values = new ArrayList<>(outcome.values());
        names.remove(status);
        Value statusValue = values.remove(status);
        Columns id = table.id(e);
        Columns subject = table.attribute("subjectId", e);
        Columns key = new Columns(List.of(id.names().get(0), subject.names().get(0), statusColumn),
                List.of(subject.values().get(0), statusValue, id.values().get(0)));
        return statement(text(new Shape(Shape.Kind.FINISH_ATTEMPT, table.name(), names, key.names(), 1)),
                List.of(new Columns(names, values), key), new RowOf(table.name(), id.values().get(0).value()));
    }

    /**
     * Writes {@code entity}'s updatable columns over its row by id, for a child row that carries no
     * version of its own (a refund's attempt); its count says the row was there ({@link #send}).
     */
    public WriteBatch update(Object entity) {
        Table table = tables.of(entity.getClass());
        Columns state = table.update(entity);
        Columns id = table.id(entity);
        return statement(text(new Shape(Shape.Kind.UPDATE, table.name(), state.names(), id.names(), 1)),
                List.of(state, id), new RowOf(table.name(), id.values().get(0).value()));
    }

    public boolean isEmpty() {
        return statements.isEmpty();
    }

    /** Sends every statement in one round trip, as one transaction (see the class comment). */
    public void send(Connection connection, WrapperOptions binding) throws SQLException {
        if (isEmpty()) {
            return;
        }
        boolean autoCommit = connection.getAutoCommit();
        try (PreparedStatement st = prepare(connection, binding, "")) {
            st.execute();
            everyUpdatedRowFound(st);
            if (!autoCommit) {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            if (!autoCommit) {
                try {
                    connection.rollback();
                } catch (SQLException rollbackFailed) {
                    e.addSuppressed(rollbackFailed);
                }
            }
            throw e;
        }
    }

    /**
     * The statements, after {@code prefix} (tests pass {@code "explain "} for a batch of one statement),
     * with every value bound as its column's JDBC mapping binds it ({@link ColumnBinding}).
     */
    public PreparedStatement prepare(Connection connection, WrapperOptions binding, String prefix) throws SQLException {
        PreparedStatement st = connection.prepareStatement(prefix.isEmpty() ? sql() : prefix + sql());
        try {
            for (int i = 0; i < values.size(); i++) {
                Value v = values.get(i);
                v.binding().bind(st, i + 1, v.value(), v.mapping(), binding);
            }
            return st;
        } catch (SQLException | RuntimeException e) {
            st.close();
            throw e;
        }
    }

    /**
     * The count of each UPDATE: one row, or its row is not stored at all. Cobro deletes none of the
     * rows it writes over, so that is a bug; on a connection in auto-commit the batch's other rows
     * are written by now (its transaction ended with the round trip), on any other it is rolled back.
     */
    private void everyUpdatedRowFound(PreparedStatement st) throws SQLException {
        for (int i = 0; i < statements.size(); i++) {
            if (i > 0) {
                st.getMoreResults();
            }
            RowOf row = oneRowOf.get(i);
            if (row != null && st.getUpdateCount() != 1) {
                throw new IllegalStateException("row " + row.id() + " of " + row.table() + " is not stored: its"
                        + " update found " + st.getUpdateCount() + " rows");
            }
        }
    }

    /** A row an UPDATE writes over, by table and key. */
    private record RowOf(String table, Object id) {
    }

    private WriteBatch statement(String statement, List<Columns> rows, RowOf oneRow) {
        statements.add(statement);
        oneRowOf.add(oneRow);
        for (Columns row : rows) {
            values.addAll(row.values());
        }
        return this;
    }

    /**
     * What a statement's text depends on: its kind, its table, its columns (in order), its key's
     * columns and, for an INSERT, how many rows. The texts are made once per shape and kept: a port
     * call builds its rows, not its SQL.
     */
    private record Shape(Kind kind, String table, List<String> columns, List<String> key, int rows) {

        public enum Kind { INSERT, VERSIONED_UPDATE, FINISH_ATTEMPT, UPDATE }

        /**
         * Equal shapes hash alike, from their kind, table, key, rows and the size and ends of their column
         * list; {@code equals} compares the whole list. A list's own hash walks every column (over fifty for a
         * payment's insert), on every statement of every write.
         */
        @Override
        public int hashCode() {
            int n = columns.size();
            int hash = kind.hashCode();
            hash = 31 * hash + table.hashCode();
            hash = 31 * hash + n;
            hash = 31 * hash + (n == 0 ? 0 : columns.get(0).hashCode() ^ columns.get(n - 1).hashCode());
            hash = 31 * hash + key.hashCode();
            return 31 * hash + rows;
        }

        public String sql() {
            return switch (kind) {
                case INSERT -> "insert into " + table + " (" + String.join(", ", columns) + ") values "
                        + String.join(", ", Collections.nCopies(rows, placeholders(columns.size())));
                // key: the id, then the version.
                case VERSIONED_UPDATE -> "update " + table + " set " + assignments(columns)
                        + ", " + key.get(1) + " = case when " + key.get(1) + " = ? then " + key.get(1) + " + 1"
                        + " else " + REFUSED_VERSION + " end where " + key.get(0) + " = ?";
                // key: the id, the subject, then the status that must still be REQUESTED.
                case FINISH_ATTEMPT -> "update " + table + " set " + assignments(columns)
                        + ", " + key.get(2) + " = case when " + key.get(2) + " = '" + AttemptStatus.REQUESTED.name()
                        + "' and " + key.get(1) + " = ? then ? else '" + REFUSED_STATUS + "' end"
                        + " where " + key.get(0) + " = ?";
                // key: the id.
                case UPDATE -> "update " + table + " set " + assignments(columns) + " where " + key.get(0) + " = ?";
            };
        }
    }

    /**
     * The shapes met so far. Their number is bounded by the code (tables, column lists) but for the
     * rows of a multi-row INSERT, which a caller's data decides (an authorization's additional
     * fields): past this many, a text is made and not kept.
     */
    private static final int KEPT_SHAPES = 512;
    private static final Map<Shape, String> TEXTS = new ConcurrentHashMap<>();

    private static String text(Shape shape) {
        String text = TEXTS.get(shape);
        if (text == null) {
            text = shape.sql();
            if (TEXTS.size() < KEPT_SHAPES) {
                // Kept under a copy: a row's own list is not the map's to hold.
                TEXTS.putIfAbsent(new Shape(shape.kind, shape.table, List.copyOf(shape.columns),
                        List.copyOf(shape.key), shape.rows), text);
            }
        }
        return text;
    }

    /** {@code column = ?, ...} for each of the columns, in order. */
    private static String assignments(List<String> columns) {
        return String.join(", ", columns.stream().map(column -> column + " = ?").toList());
    }

    private static String placeholders(int count) {
        return "(" + String.join(", ", Collections.nCopies(count, "?")) + ")";
    }

    /**
     * The batch's text: for a sequence of statements met before, the very string sent then. The
     * driver finds its prepared statement by the text, hashing and comparing it: a string built
     * afresh for every batch (two to three kilobytes for a write-ahead) was hashed in full on each
     * write, a string kept has its hash and compares by identity.
     */
    private String sql() {
        String joined = JOINED.get(statements);
        if (joined == null) {
            joined = String.join(";\n", statements);
            if (JOINED.size() < KEPT_SHAPES) {
                JOINED.putIfAbsent(List.copyOf(statements), joined);
            }
        }
        return joined;
    }

    /** The batches' texts by their statements (each a kept text): bounded as {@link #TEXTS} is. */
    private static final Map<List<String>, String> JOINED = new ConcurrentHashMap<>();

    @Override
    public String toString() {
        // The statements only: the values may hold what a customer typed.
        return "WriteBatch[" + String.join(";\n", statements) + "]";
    }
}
