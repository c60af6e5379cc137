package dev.cobro.bench;


import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

/**
 * Where a measured phase's time went, read before and after it: the bench JVM's CPU and, within it,
 * its JIT compiler threads' CPU, its JIT compilation and GC times, the sandbox process's CPU and the
 * local PostgreSQL server's CPU. With everything on the same cores, a side's throughput follows what
 * an operation costs in CPU on all three; these say which of them. A meter the OS does not offer
 * reads -1 (then null in the report).
 */
final class Meters {

    /** USER_HZ: 100 on every Linux this runs on. */
    private static final long TICK_NANOS = 10_000_000L;

    private final com.sun.management.OperatingSystemMXBean os;
    private final SandboxProcess sandbox;
    private final ProcessHandle postmaster;

    /**
     * Counters at one moment; {@link #minus} turns two of them into a phase's use. {@code compilerCpuNanos}
     * is part of {@code benchCpuNanos}: the CPU of the JVM's JIT compiler threads.
     */
    record Usage(long benchCpuNanos, long jitMillis, long gcMillis, long sandboxCpuNanos, long databaseCpuNanos,
                 long compilerCpuNanos) {

        static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

        Usage minus(Usage before) {
            return new Usage(benchCpuNanos - before.benchCpuNanos, jitMillis - before.jitMillis,
                    gcMillis - before.gcMillis, known(sandboxCpuNanos, before.sandboxCpuNanos),
                    known(databaseCpuNanos, before.databaseCpuNanos),
                    compilerCpuNanos < 0 || before.compilerCpuNanos < 0 ? -1
                            : Math.max(0, compilerCpuNanos - before.compilerCpuNanos));
        }

        Usage plus(Usage other) {
            return new Usage(benchCpuNanos + other.benchCpuNanos, jitMillis + other.jitMillis,
                    gcMillis + other.gcMillis, sum(sandboxCpuNanos, other.sandboxCpuNanos),
                    sum(databaseCpuNanos, other.databaseCpuNanos), sum(compilerCpuNanos, other.compilerCpuNanos));
        }

        private static long known(long after, long before) {
            return after < 0 || before < 0 ? -1 : after - before;
        }

        private static long sum(long a, long b) {
            return a < 0 || b < 0 ? -1 : a + b;
        }
    }

    Meters(SandboxProcess sandbox, BenchDatabase database) {
        this.os = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean
                ? bean : null;
        this.sandbox = sandbox;
        this.postmaster = postmaster(database).orElse(null);
    }

    /** Whether the database server's CPU is counted (a local server this user may read the /proc of). */
    boolean databaseMetered() {
        return postmaster != null;
    }

    Usage read() {
        long jit = ManagementFactory.getCompilationMXBean() == null ? 0
                : ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        long gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        return new Usage(os == null ? -1 : os.getProcessCpuTime(), jit, gc,
                sandbox == null ? -1 : sandbox.cpuNanos(), databaseCpuNanos(), compilerCpuNanos());
    }

    /**
     * The CPU of this JVM's JIT compiler threads (C1 and C2, named so in {@code /proc/self/task}), or
     * -1 where there is no such view. A compiler thread the JVM ends takes its CPU with it (there are
     * more than one of each only on larger machines): a phase's count then leaves some compilation in
     * the process's CPU, and is never below zero ({@link Usage#minus}); it never takes out more than
     * there was.
     */
    private static long compilerCpuNanos() {
        long total = 0;
        boolean found = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    total += cpuNanosOf(stat, false);
                    found = true;
                }
            }
        } catch (IOException | RuntimeException notLinux) {
            return -1;
        }
        return found ? total : -1;
    }

    /**
     * The server and every process it runs (the backends of both pools, the WAL writer, the
     * checkpointer...). A process that ends within a phase (an autovacuum worker: the pools' backends
     * live as long as the bench) leaves its CPU in the server's count of reaped children, added here.
     */
    private long databaseCpuNanos() {
        if (postmaster == null) {
            return -1;
        }
        // With the CPU of the children it has reaped (cutime, cstime): an autovacuum worker that ends
        // within a phase keeps its CPU in the sum, which so never goes down.
        long total = cpuNanos(postmaster.pid(), true);
        if (total < 0) {
            return -1;
        }
        return total + postmaster.children().mapToLong(child -> cpuNanos(child.pid())).filter(n -> n >= 0).sum();
    }

    /**
     * A process's user + system CPU from {@code /proc/<pid>/stat} (fields 14 and 15, in clock ticks
     * of 1/100 s), or -1. Read directly: {@code ProcessHandle.info()} came back empty for the
     * PostgreSQL server now and then under load (its start-time check), which lost whole phases'
     * database figures.
     */
    static long cpuNanos(long pid) {
        return cpuNanos(pid, false);
    }

    /** The same, with {@code reapedChildren}: plus fields 16 and 17, the CPU of its children that ended. */
    static long cpuNanos(long pid, boolean reapedChildren) {
        try {
            return cpuNanosOf(Files.readString(Path.of("/proc", Long.toString(pid), "stat")), reapedChildren);
        } catch (IOException | RuntimeException notLinuxOrGone) {
            return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
        }
    }

    /**
     * The user + system CPU in a {@code stat} line of {@code /proc} (a process's or a thread's: fields 14
     * and 15 after its name, in clock ticks of 1/100 s), with fields 16 and 17 when {@code reapedChildren}.
     */
    private static long cpuNanosOf(String stat, boolean reapedChildren) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12])
                + (reapedChildren ? Long.parseLong(fields[13]) + Long.parseLong(fields[14]) : 0);
        return ticks * TICK_NANOS;
    }

    /** The server that runs our backend, when it runs on this machine where we can see it. */
    private static Optional<ProcessHandle> postmaster(BenchDatabase database) {
        if (!database.url().matches("jdbc:postgresql://(localhost|127\\.0\\.0\\.1|\\[::1])[:/].*")) {
            return Optional.empty();
        }
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select pg_backend_pid()")) {
            rs.next();
            return ProcessHandle.of(rs.getLong(1))
                    .filter(backend -> backend.info().command().orElse("postgres").contains("postgres"))
                    .filter(backend -> cpuNanos(backend.pid()) >= 0)
                    .flatMap(ProcessHandle::parent)
                    .filter(server -> cpuNanos(server.pid()) >= 0);
        } catch (SQLException | SecurityException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }
}
