package dev.cobro.cli;

import dev.cobro.adapters.http.support.Redaction;
import dev.cobro.application.port.out.StoreUnavailableException;
import dev.cobro.bench.BenchCommand;
import dev.cobro.bench.BenchDatabase;
import dev.cobro.bootstrap.config.CobroConfiguration;
import dev.cobro.cli.embedded.CobroDatabase;
import dev.cobro.cli.embedded.EmbeddedDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * {@code java -jar cobro.jar <command>}: the CLI over the {@link dev.cobro.bootstrap.Cobro} facade.
 * JSON on stdout, logs and errors on stderr, and the exit codes of ARCHITECTURE.md ({@link ExitCodes}).
 * A new subcommand is a class added to {@code subcommands} below: a {@link CliCommand} gets the
 * environment, streams and database through {@link CliContext}; {@code DemoCommand.againstSandbox}
 * wires Cobro to a {@link dev.cobro.testkit.ProviderSandbox}.
 */
@Command(name = "cobro",
        mixinStandardHelpOptions = true,
        versionProvider = CobroCli.Version.class,
        description = "Payment orchestration: 88Pay hosted checkout and Pay-me card authorization, "
                + "with a durable record of every provider call.",
        subcommands = {
                DemoCommand.class,
                SandboxCommand.class,
                MigrateCommand.class,
                CheckoutCommand.class,
                AuthorizeCommand.class,
                ReverseCommand.class,
                RefundCommand.class,
                ResolveUnknownCommand.class,
                HistoryCommand.class,
                NotifyCommand.class,
                EventsCommand.class,
                HealthCommand.class,
                ClassTrainingCommand.class,
                CommandLine.HelpCommand.class
        },
        footerHeading = "%n",
        footer = {
                "Database: COBRO_DB_URL (jdbc:postgresql://...), COBRO_DB_USER, COBRO_DB_PASSWORD;",
                "  without COBRO_DB_URL, an embedded PostgreSQL in COBRO_HOME (default ~/.cobro).",
                "88Pay:  COBRO_88PAY_BASE_URL, COBRO_88PAY_API_KEY, COBRO_88PAY_MERCHANT_ID",
                "  (optional COBRO_88PAY_CONNECT_TIMEOUT_MS, COBRO_88PAY_READ_TIMEOUT_MS).",
                "Pay-me: COBRO_PAYME_AUTH_URL, COBRO_PAYME_API_URL, COBRO_PAYME_CLIENT_ID,",
                "  COBRO_PAYME_CLIENT_SECRET (optional COBRO_PAYME_AUDIENCE, COBRO_PAYME_SCOPE,",
                "  COBRO_PAYME_CONNECT_TIMEOUT_MS, COBRO_PAYME_READ_TIMEOUT_MS).",
                "Only 'demo' (and 'bench') start the provider sandbox; the other commands",
                "  use the providers configured above.",
                "",
                "Exit codes: 0 a recorded outcome (DECLINED and UNKNOWN included),",
                "  2 bad input, 3 conflict, 4 configuration, 5 infrastructure (database or",
                "  provider unreachable before anything was recorded)."
        })
public final class CobroCli implements Callable<Integer> {

    /** Declared so that picocli accepts it anywhere; its value is read before parsing (see {@link #execute}). */
    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Log INFO/DEBUG to stderr and print the stack trace of a failure.")
    boolean verbose;

    private final CliContext context;

    CobroCli(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    /** {@code cobro} alone: usage on stderr, and bad input. */
    @Override
    public Integer call() {
        context.err().println("error: a command is required");
        new CommandLine(this).usage(context.err());
        return ExitCodes.BAD_INPUT;
    }

    public static void main(String[] args) {
        // Before anything logs: the CLI's logging is set up in code (CliLogbackConfigurator), not read
        // from a file called logback.xml, which the library jar must not impose on a host.
        CliLogbackConfigurator.cliOwnsTheJvm();
        // The CLI owns its JVM, so it (not the sandbox library) turns Nagle off for the JDK's HTTP
        // server: it writes headers and body as two segments, and with Nagle on the body waits for
        // the client's delayed ACK (~40 ms a request), which would swamp the bench's numbers. Read
        // once per JVM; an explicit setting is respected.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // The JVM's default charset may be ASCII (POSIX locale): JSON and provider messages are UTF-8.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = execute(args, System.getenv(), System.in, out, err, true);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /**
     * Runs one command line and returns its exit code; nothing here calls {@code System.exit}, so
     * tests run commands in-process with their own environment and streams.
     */
    public static int execute(String[] args, Map<String, String> env, InputStream in, PrintStream out,
                              PrintStream err) {
        return execute(args, env, in, out, err, false);
    }

    private static int execute(String[] args, Map<String, String> env, InputStream in, PrintStream out,
                               PrintStream err, boolean mainProcess) {
        boolean verbose = verboseRequested(args);
        Logging.configure(verbose);
        CliContext context = new CliContext(env, in, out, err, verbose);
        if (mainProcess) {
            // Ctrl-C: the sandbox stops and an embedded PostgreSQL is shut down, not left running.
            Runtime.getRuntime().addShutdownHook(new Thread(context::shutDown, "cobro-cli-shutdown"));
        }
        String refused = CardNumberGuard.refusal(args);
        if (refused != null) {
            err.println("error: " + refused);
            return ExitCodes.BAD_INPUT;
        }
        CommandLine commandLine = new CommandLine(new CobroCli(context));
        // Added before the streams are set, so that it shares them; it reads the same environment.
        commandLine.addSubcommand("bench", new BenchCommand(context.env(), CobroCli::benchDatabase));
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        commandLine.setParameterExceptionHandler((problem, arguments) -> {
            CommandLine where = problem.getCommandLine();
            err.println("error: " + Redaction.scrubText(usageProblem(problem)));
            err.println("Try '" + where.getCommandSpec().qualifiedName() + " --help' for usage.");
            return ExitCodes.BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((failure, where, parsed) -> Failures.report(failure, context));
        try {
            return commandLine.execute(args);
        } finally {
            context.shutDown();
            out.flush();
            err.flush();
        }
    }

    /**
     * Picocli names a missing required option before an unknown one; the unknown one is usually the
     * typo behind both, so it comes first.
     */
    private static String usageProblem(CommandLine.ParameterException problem) {
        List<String> unknown = problem.getCommandLine().getUnmatchedArguments();
        if (problem instanceof CommandLine.UnmatchedArgumentException || unknown.isEmpty()) {
            return problem.getMessage();
        }
        return "Unknown option or argument: '" + String.join("', '", unknown) + "' (and: " + problem.getMessage() + ")";
    }

    /** {@code --verbose} before an end-of-options {@code --}; read early so that logging is set up first. */
    static boolean verboseRequested(String[] args) {
        for (String arg : args) {
            if ("--".equals(arg)) {
                return false;
            }
            if ("--verbose".equals(arg)) {
                return true;
            }
        }
        return false;
    }

    /** The version Maven recorded in the jar (pom.properties), else "development" (classes run from an IDE). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = null;
            try (InputStream in = CobroCli.class.getResourceAsStream(
                    "/META-INF/maven/dev.cobro/cobro-bootstrap/pom.properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(in);
                    version = properties.getProperty("version");
                }
            } catch (IOException unreadable) {
                version = null;
            }
            return new String[]{"cobro " + (version == null ? "development" : version)};
        }
    }

    /**
     * The bench's database, as every command's: {@code COBRO_DB_URL}, else the embedded PostgreSQL in
     * {@code COBRO_HOME}, stopped when the bench closes it.
     */
    private static BenchDatabase benchDatabase(CobroConfiguration config) {
        CobroDatabase database;
        try {
            database = CobroDatabase.open(config);
        } catch (EmbeddedDatabase.HomeInUseException busy) {
            throw new StoreUnavailableException(busy.getMessage(), busy);
        }
        return database.forBench();
    }
}
