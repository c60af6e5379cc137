package dev.cobro.cli;

/** The CLI's exit codes: a contract that scripts rely on (ARCHITECTURE.md, "CLI contract"). */
public final class ExitCodes {

    /** A recorded outcome, whatever it is: DECLINED and UNKNOWN included. */
    public static final int OK = 0;
    /** A bug: nothing the user can fix; {@code --verbose} shows the stack trace. */
    public static final int INTERNAL = 1;
    /** Unknown flag, unreadable file, invalid JSON, invalid field. */
    public static final int BAD_INPUT = 2;
    /** An idempotency key reused with other parameters, or a transition the state machine forbids. */
    public static final int CONFLICT = 3;
    /** Missing or wrong settings, or a provider that is not configured or refuses the credentials. */
    public static final int CONFIGURATION = 4;
    /** Database or provider unreachable before anything was recorded. */
    public static final int INFRASTRUCTURE = 5;

    private ExitCodes() {
    }
}
