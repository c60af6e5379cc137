package dev.cobro.bootstrap.performance;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What pgjdbc says on the wire for the work of one thread, read from its protocol log
 * (java.util.logging, FINEST, logger {@value #LOGGER}): each {@code " FE=> Sync"} closes a batch of
 * messages the driver then waits on (a round trip), each {@code " <=BE CommandStatus(TAG)"} is one
 * statement run, and {@code " <=BE ReadyForQuery(S)"} answers each Sync with the server's transaction
 * status (I idle, T in a transaction, E failed one). pgjdbc 42.7 sends a transaction's BEGIN as a
 * {@code " FE=> SimpleQuery(query="BEGIN")"} ahead of the first statement, in the same write: its own
 * ReadyForQuery comes back in the same round trip, which the next Sync closes (a simple query with no
 * Sync after it is a round trip of its own). Only the thread that opened it is counted, so
 * HikariCP's housekeeping and connection threads never are. Opening it turns the logger to FINEST
 * with its records kept away from the parent handlers; {@link #close()} puts both back.
 * Bind messages carry parameter values: they are never kept.
 */
final class WireLog implements AutoCloseable {

    static final String LOGGER = "org.postgresql.core.v3.QueryExecutorImpl";

    private static final String SYNC = " FE=> Sync";
    private static final String SIMPLE_QUERY = " FE=> SimpleQuery(";
    private static final String COMMAND = " <=BE CommandStatus(";
    private static final String ERROR = " <=BE ErrorMessage(";
    private static final String EMPTY_QUERY = " <=BE EmptyQuery";
    private static final String READY = " <=BE ReadyForQuery(";

    private final Logger logger = Logger.getLogger(LOGGER);
    private final Level previousLevel;
    private final boolean previousUseParentHandlers;
    private final Thread thread = Thread.currentThread();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (Thread.currentThread() == thread && recording) {
                take(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private volatile boolean recording;
    private final List<RoundTrip> roundTrips = new ArrayList<>();
    private final List<String> commands = new ArrayList<>();
    private int emptyQueries;
    /** What each awaited ReadyForQuery answers, in the order sent: 'Q' a simple query, 'S' a Sync. */
    private final java.util.ArrayDeque<Character> awaited = new java.util.ArrayDeque<>();
    private char status = 'I';

    private WireLog() {
        previousLevel = logger.getLevel();
        previousUseParentHandlers = logger.getUseParentHandlers();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
        logger.setLevel(Level.FINEST);
    }

    /** Listens to pgjdbc on the calling thread until {@link #close()}. */
    static WireLog onThisThread() {
        return new WireLog();
    }

    /** Runs {@code work} on this thread and returns what it said to PostgreSQL. */
    <T> Measured<T> measure(Supplier<T> work) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException("measure on the thread that opened the log");
        }
        roundTrips.clear();
        commands.clear();
        emptyQueries = 0;
        awaited.clear();
        status = 'I';
        recording = true;
        T result;
        try {
            result = work.get();
        } finally {
            recording = false;
        }
        if (!awaited.isEmpty() || !commands.isEmpty() || emptyQueries != 0) {
            throw new IllegalStateException(awaited.size() + " answers never came, " + commands
                    + " left over: the log is not what this reads");
        }
        return new Measured<>(result, List.copyOf(roundTrips));
    }

    private void take(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return;
        }
        if (message.startsWith(SYNC)) {
            awaited.add('S');
        } else if (message.startsWith(SIMPLE_QUERY)) {
            awaited.add('Q');
        } else if (message.startsWith(COMMAND)) {
            commands.add(format(record).substring(COMMAND.length()).replaceFirst("\\)$", ""));
        } else if (message.startsWith(ERROR)) {
            commands.add("ERROR"); // the server's message may quote values: not kept
        } else if (message.startsWith(EMPTY_QUERY)) {
            emptyQueries++;
        } else if (message.startsWith(READY)) {
            Character answered = awaited.poll();
            if (answered == null) {
                throw new IllegalStateException("a ReadyForQuery nothing was sent for");
            }
            if (answered == 'Q' && awaited.contains('S')) {
                return; // a pipelined simple query (BEGIN): the round trip ends at the Sync after it
            }
            char after = format(record).charAt(READY.length());
            roundTrips.add(new RoundTrip(List.copyOf(commands), emptyQueries, status, after));
            commands.clear();
            emptyQueries = 0;
            status = after;
        }
    }

    private static String format(LogRecord record) {
        Object[] parameters = record.getParameters();
        return parameters == null || parameters.length == 0 ? record.getMessage()
                : MessageFormat.format(record.getMessage(), parameters);
    }

    @Override
    public void close() {
        recording = false;
        logger.setLevel(previousLevel);
        logger.setUseParentHandlers(previousUseParentHandlers);
        logger.removeHandler(handler);
    }

    /**
     * One Sync and its answer: the command tags of the statements run ({@code BEGIN}, {@code INSERT 0 1},
     * {@code COMMIT}...), the empty queries (a pool's connection check), the transaction status before and after.
     */
    record RoundTrip(List<String> commands, int emptyQueries, char statusBefore, char statusAfter) {

        /** HikariCP's check of a connection that idled (JDBC4 isValid: pgjdbc runs an empty query). */
        boolean isConnectionCheck() {
            return commands.isEmpty() && emptyQueries > 0;
        }

        /** Starts a transaction: statements sent while idle, in a BEGIN block or as one implicit (autocommit) one. */
        boolean startsTransaction() {
            return statusBefore == 'I' && !commands.isEmpty();
        }

        List<String> statements() {
            return commands.stream().filter(c -> !c.equals("BEGIN") && !c.equals("COMMIT") && !c.equals("ROLLBACK"))
                    .toList();
        }
    }

    /** The result of the work measured and its round trips, connection checks left out of the counts. */
    record Measured<T>(T result, List<RoundTrip> all) {

        List<RoundTrip> roundTrips() {
            return all.stream().filter(r -> !r.isConnectionCheck()).toList();
        }

        Counts counts() {
            List<RoundTrip> work = roundTrips();
            return new Counts(work.size(), (int) work.stream().filter(RoundTrip::startsTransaction).count(),
                    work.stream().mapToInt(r -> r.statements().size()).sum());
        }

        int connectionChecks() {
            return (int) all.stream().filter(RoundTrip::isConnectionCheck).count();
        }

        /** Statements per Sync, for people: {@code [BEGIN, SELECT 1] [COMMIT]}. */
        String breakdown() {
            StringBuilder out = new StringBuilder();
            for (RoundTrip r : roundTrips()) {
                out.append(out.isEmpty() ? "" : " ").append(r.commands());
            }
            return out.toString();
        }
    }

    /** Round trips, transactions and statements (BEGIN, COMMIT and ROLLBACK not counted as statements). */
    record Counts(int roundTrips, int transactions, int statements) {

        @Override
        public String toString() {
            return roundTrips + " round trips, " + transactions + " transactions, " + statements + " statements";
        }
    }
}
