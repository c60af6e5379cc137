package dev.cobro.bootstrap.faults;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A host's DataSource that a test can take down: {@link #down()} makes every
 * {@code getConnection} throw, as a database that is unreachable does; {@link #refuseWrites()}
 * keeps reads working but refuses Cobro's inserts of payments, authorizations and attempts
 * (the write-ahead) while a token-ledger row still goes through. {@link #beforeEachStatement}
 * lets a test hold one thread at one statement, to force an interleaving.
 */
public final class SwitchableDataSource implements DataSource {

    private enum Mode { UP, DOWN, REFUSE_WRITES }

    private final DataSource target;
    private volatile Mode mode = Mode.UP;
    private volatile Consumer<String> beforeEachStatement = sql -> { };

    public SwitchableDataSource(DataSource target) {
        this.target = target;
    }

    public void up() {
        mode = Mode.UP;
    }

    public void down() {
        mode = Mode.DOWN;
    }

    public void refuseWrites() {
        mode = Mode.REFUSE_WRITES;
    }

    /** Called with the SQL of every statement about to be prepared, on the thread that prepares it. */
    public void beforeEachStatement(Consumer<String> hook) {
        this.beforeEachStatement = hook;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(checkedTarget().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(checkedTarget().getConnection(username, password));
    }

    private DataSource checkedTarget() throws SQLException {
        if (mode == Mode.DOWN) {
            // 08001: "sqlclient unable to establish sqlconnection", what pgjdbc says when the server is gone.
            throw new SQLException("simulated outage: the database cannot be reached", "08001");
        }
        return target;
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") && args != null && args.length > 0
                            && args[0] instanceof String sql) {
                        beforeEachStatement.accept(sql);
                    }
                    if (mode == Mode.REFUSE_WRITES && method.getName().startsWith("prepare") && args != null
                            && args.length > 0 && args[0] instanceof String sql && isWriteAhead(sql)) {
                        throw new SQLException("simulated outage: the database refused the write", "08006");
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean isWriteAhead(String sql) {
        String s = sql.trim().toLowerCase(Locale.ROOT);
        return s.startsWith("insert") && !s.contains("token_request");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }
}
