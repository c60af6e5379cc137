package dev.cobro.cli;

import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/**
 * A subcommand of {@code cobro}: picocli fills its options, {@link #run(CliContext)} does the work
 * and returns the exit code. Failures are thrown, and {@link Failures} turns them into a message and
 * an exit code.
 */
abstract class CliCommand implements Callable<Integer> {

    @ParentCommand
    private CobroCli cli;

    @Override
    public final Integer call() throws Exception {
        return run(cli.context());
    }

    protected abstract int run(CliContext context) throws Exception;
}
