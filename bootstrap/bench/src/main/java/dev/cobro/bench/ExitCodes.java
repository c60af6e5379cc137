package dev.cobro.bench;

/**
 * The exit codes {@code cobro bench} returns: the CLI's contract (ARCHITECTURE.md, "CLI contract"),
 * with the same values, for the codes the bench can end with.
 */
final class ExitCodes {

    static final int OK = 0;
    /** A bug: nothing the user can fix. */
    static final int INTERNAL = 1;
    /** Unknown flag or invalid option. */
    static final int BAD_INPUT = 2;
    /** Missing or wrong settings, or a provider that refuses the credentials. */
    static final int CONFIGURATION = 4;
    /** Database or provider unreachable. */
    static final int INFRASTRUCTURE = 5;

    private ExitCodes() {
    }
}
