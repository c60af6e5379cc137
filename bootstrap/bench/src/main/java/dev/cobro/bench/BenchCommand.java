package dev.cobro.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.adapters.http.support.CobroJson;
import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.ProviderConfigurationException;
import dev.cobro.application.port.out.ProviderUnavailableException;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.bootstrap.config.ConfigurationException;
import dev.cobro.domain.shared.ValidationException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code cobro bench}: Cobro's throughput and latency against a bare baseline measured in the same
 * run, and the history's page times on a large seeded table. Results on stdout (JSON or a table),
 * progress on stderr. Exit codes: 0 measured, 2 bad input, 4 configuration, 5 database or provider
 * unreachable.
 * <p>
 * As a subcommand of {@code cobro} it reads {@code System.getenv()}; {@link #run} runs it on its own
 * with any environment (the tests').
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure Cobro against a baseline (a bare HTTP client and plain JDBC doing the same calls "
                + "and writes), in one run: throughput, p50/p95/p99 latency, their ratio and the token requests.",
                "Both sides are warmed alike until their throughput is stable, then measured in rounds whose first "
                        + "side alternates; the ratio is pooled over the rounds, beside the CPU ratio. Cobro runs "
                        + "with a meter registry and an outcome listener. The built-in sandbox runs in a JVM of "
                        + "its own.",
                "Against the configured provider, else the built-in provider sandbox. Database: COBRO_DB_URL, "
                        + "else the embedded PostgreSQL in COBRO_HOME.",
                "--history seeds --rows attempts into database " + HistoryBench.DATABASE + " on the same server "
                        + "and times history pages of 20."},
        footerHeading = "%n",
        footer = {"Examples:",
                "  cobro bench --provider 88pay --count 2000 --concurrency 16 --sandbox-latency-ms 20 --format table",
                "  cobro bench --history --rows 1000000 --format json"})
public final class BenchCommand implements Callable<Integer> {

    static final int MAX_COUNT = 1_000_000;
    static final int MAX_CONCURRENCY = 256;
    static final long MAX_ROWS = 50_000_000L;
    static final int MAX_LATENCY_MS = 60_000;
    static final int MAX_ROUNDS = 100;
    static final int MAX_WARMUP_WINDOWS = 1000;

    @Option(names = "--provider", paramLabel = "ID", description = "88pay or payme.")
    String provider;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1000",
            description = "Measured operations, 1-" + MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--concurrency", paramLabel = "C", defaultValue = "16",
            description = "Operations at a time, 1-" + MAX_CONCURRENCY + " (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--sandbox-latency-ms", paramLabel = "L", defaultValue = "0",
            description = "Delay the sandbox adds to every provider answer (default: ${DEFAULT-VALUE}).")
    int sandboxLatencyMs;

    @Option(names = "--rounds", paramLabel = "R", defaultValue = "" + LoadBench.DEFAULT_ROUNDS,
            description = "Measured rounds per side, 1-" + MAX_ROUNDS + ", the side that goes first alternating; the"
                    + " ratio is pooled over them (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--warmup-max-windows", paramLabel = "W", defaultValue = "" + LoadBench.DEFAULT_WARMUP_MAX_WINDOWS,
            description = "Cap on the warm-up's windows per side, 1-" + MAX_WARMUP_WINDOWS + "; it stops earlier"
                    + " once both sides' throughput is stable (default: ${DEFAULT-VALUE}).")
    int warmupMaxWindows;

    @Option(names = "--history", description = "Time history queries on seeded rows instead.")
    boolean history;

    @Option(names = "--rows", paramLabel = "R", description = "With --history: attempts to seed, 1-" + MAX_ROWS + ".")
    Long rows;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or table.")
    String format;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Databases databases;
    /** The last load bench's report, for the tests that cross-check it. */
    private LoadBench.Report lastLoadReport;

    /**
     * Opens the database the bench measures on. The CLI's opener starts its embedded PostgreSQL when
     * no {@code COBRO_DB_URL} is set; the bench alone ({@link #urlOnly}) needs the URL.
     */
    @FunctionalInterface
    public interface Databases {
        BenchDatabase open(CobroConfiguration config);
    }

    /** On its own: the process environment, a database by {@code COBRO_DB_URL}. */
    public BenchCommand() {
        this(System.getenv());
    }

    public BenchCommand(Map<String, String> env) {
        this(env, BenchCommand::urlOnly);
    }

    /** As a subcommand of {@code cobro}: the CLI's environment and the CLI's way to open a database. */
    public BenchCommand(Map<String, String> env, Databases databases) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.databases = Objects.requireNonNull(databases, "databases");
    }

    /** The database {@code COBRO_DB_URL} names; without one, a configuration error. */
    static BenchDatabase urlOnly(CobroConfiguration config) {
        if (config.dbUrl() == null) {
            throw new ConfigurationException(List.of(CobroConfiguration.DB_URL + " is not set: the bench on its own"
                    + " measures on a PostgreSQL server it names ('cobro bench' starts the embedded one)"));
        }
        return new BenchDatabase(config.dbUrl(), config.dbUser(), config.dbPassword(), null, null);
    }

    /**
     * {@code java -cp cobro.jar dev.cobro.bench.BenchCommand ...}: the bench without the rest
     * of the CLI (same options, same exit codes), on the database {@code COBRO_DB_URL} names.
     */
    public static void main(String[] args) {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs {@code bench} on its own: its exit code, without {@code System.exit}. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return execute(args, env, out, err).exitCode();
    }

    /** The exit code and the report of the load bench, when one ran. */
    record Outcome(int exitCode, LoadBench.Report loadReport) {
    }

    static Outcome execute(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        BenchCommand command = new BenchCommand(env);
        CommandLine commandLine = new CommandLine(command);
        PrintWriter outWriter = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
        PrintWriter errWriter = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        commandLine.setOut(outWriter);
        commandLine.setErr(errWriter);
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            errWriter.println("error: " + Redaction.scrubText(problem.getMessage()));
            errWriter.println("Try 'cobro bench --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        int code = commandLine.execute(args);
        outWriter.flush();
        errWriter.flush();
        return new Outcome(code, command.lastLoadReport);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems = problems();
        if (!problems.isEmpty()) {
            problems.forEach(p -> err.println("error: " + p));
            err.println("Try 'cobro bench --help' for usage.");
            err.flush();
            return ExitCodes.BAD_INPUT;
        }
        try {
            CobroConfiguration config = CobroConfiguration.fromEnvironment(history ? databaseOnly(env) : env);
            try (BenchDatabase database = openDatabase(databases, config)) {
                if (history) {
                    HistoryBench.Report report = HistoryBench.run(rows, database, err);
                    print(BenchOutput.json(report), out, () -> BenchOutput.table(report, out));
                    return ExitCodes.OK;
                }
                LoadBench.Report report = LoadBench.run(new LoadBench.Settings(provider, count, concurrency,
                        Duration.ofMillis(sandboxLatencyMs), rounds, warmupMaxWindows), config, database, err);
                lastLoadReport = report;
                print(BenchOutput.json(report), out, () -> BenchOutput.table(report, out));
                return judge(report, err);
            }
        } catch (ConfigurationException e) {
            e.problems().forEach(p -> err.println("error: configuration: " + p));
            return ExitCodes.CONFIGURATION;
        } catch (Exception e) {
            return fail(e, err);
        } finally {
            err.flush();
            out.flush();
        }
    }

    /** Every problem of the command line at once. */
    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!"json".equals(format) && !"table".equals(format)) {
            problems.add("--format must be json or table, not '" + format + "'");
        }
        if (history) {
            if (rows == null) {
                problems.add("--history needs --rows R (the attempts to seed, e.g. 1000000)");
            } else if (rows < 1 || rows > MAX_ROWS) {
                problems.add("--rows must be 1 to " + MAX_ROWS + ", not " + rows);
            }
            if (provider != null) {
                problems.add("--history measures the history and takes no --provider");
            }
            return problems;
        }
        if (rows != null) {
            problems.add("--rows goes with --history");
        }
        if (provider == null) {
            problems.add("--provider is required: 88pay or payme (or --history --rows R)");
        } else if (!LoadBench.EIGHTY_EIGHT_PAY.equals(provider) && !LoadBench.PAYME.equals(provider)) {
            problems.add("--provider must be 88pay or payme, not '" + Redaction.scrubText(provider) + "'");
        }
        if (count < 1 || count > MAX_COUNT) {
            problems.add("--count must be 1 to " + MAX_COUNT + ", not " + count);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            problems.add("--concurrency must be 1 to " + MAX_CONCURRENCY + ", not " + concurrency);
        }
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            problems.add("--rounds must be 1 to " + MAX_ROUNDS + ", not " + rounds);
        }
        if (warmupMaxWindows < 1 || warmupMaxWindows > MAX_WARMUP_WINDOWS) {
            problems.add("--warmup-max-windows must be 1 to " + MAX_WARMUP_WINDOWS + ", not " + warmupMaxWindows);
        }
        if (sandboxLatencyMs < 0 || sandboxLatencyMs > MAX_LATENCY_MS) {
            problems.add("--sandbox-latency-ms must be 0 to " + MAX_LATENCY_MS + ", not " + sandboxLatencyMs);
        }
        return problems;
    }

    private void print(ObjectNode json, PrintWriter out, Runnable table) throws IOException {
        if ("table".equals(format)) {
            table.run();
        } else {
            out.println(CobroJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        }
        out.flush();
    }

    /** A run in which Cobro got no operation through measured nothing worth a 0. */
    private static int judge(LoadBench.Report report, PrintWriter err) {
        String success = LoadBench.EIGHTY_EIGHT_PAY.equals(report.settings().provider()) ? "AWAITING_CUSTOMER"
                : "AUTHORIZED";
        long succeeded = report.cobroOutcomes().getOrDefault(success, 0L);
        Long providerSaw = report.sandboxCobroTokenRequests();
        if (providerSaw != null && providerSaw != report.tokenRequests()) {
            err.printf("warning: the adapter counted %d token requests, the sandbox %d: the counts disagree%n",
                    report.tokenRequests(), providerSaw);
        }
        if (report.jitBusy()) {
            err.printf("warning: the JIT compiled for %d ms in the measured rounds, %.0f%% of their time (over %.0f%%):"
                            + " the figures still include compilation; raise --warmup-max-windows or --count%n",
                    report.measuredJitMillis(), 100 * report.measuredJitShare(), 100 * LoadBench.JIT_QUIET_SHARE);
        }
        if (succeeded < report.settings().count()) {
            err.printf("warning: %d of %d Cobro operations ended other than %s: %s%n",
                    report.settings().count() - succeeded, report.settings().count(), success,
                    report.cobroOutcomes());
        }
        if (succeeded == 0) {
            err.println("error: no operation reached " + success + "; the figures measure failures, not Cobro");
            return ExitCodes.INFRASTRUCTURE;
        }
        return ExitCodes.OK;
    }

    private static BenchDatabase openDatabase(Databases databases, CobroConfiguration config) {
        try {
            return databases.open(config);
        } catch (ConfigurationException | StoreUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreUnavailableException("could not start the embedded PostgreSQL in " + config.home()
                    + " (or point " + CobroConfiguration.DB_URL + " at a PostgreSQL server)", e);
        }
    }

    /** Only the database's variables: a half-configured provider must not stop the history bench. */
    private static Map<String, String> databaseOnly(Map<String, String> env) {
        Map<String, String> database = new HashMap<>();
        for (String name : List.of(CobroConfiguration.DB_URL, CobroConfiguration.DB_USER,
                CobroConfiguration.DB_PASSWORD, CobroConfiguration.HOME)) {
            if (env.get(name) != null) {
                database.put(name, env.get(name));
            }
        }
        return database;
    }

    private static int fail(Exception e, PrintWriter err) {
        int code;
        if (e instanceof ValidationException) {
            code = ExitCodes.BAD_INPUT;
        } else if (e instanceof ProviderConfigurationException) {
            code = ExitCodes.CONFIGURATION;
        } else if (e instanceof ProviderUnavailableException || e instanceof StoreUnavailableException
                || e instanceof SQLException
                || e instanceof IOException || e instanceof UncheckedIOException || causedBySql(e)) {
            code = ExitCodes.INFRASTRUCTURE;
        } else {
            code = ExitCodes.INTERNAL;
        }
        err.println("error: " + safe(describe(e)));
        return code;
    }

    private static boolean causedBySql(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException) {
                return true;
            }
        }
        return false;
    }

    /** The message and its root cause's: "could not connect: Connection refused". */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message;
    }

    /** No card number and no JDBC URL parameters (they may carry a password) leave through a message. */
    private static String safe(String message) {
        return Redaction.scrubText(message.replaceAll("(jdbc:[a-z]+:[^\\s?'\")]*)\\?[^\\s'\")]*", "$1?…"));
    }
}
