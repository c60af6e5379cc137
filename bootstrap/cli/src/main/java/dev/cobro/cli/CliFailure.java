package dev.cobro.cli;

/**
 * A failure the CLI itself detected (a file it cannot read, JSON it cannot parse, a provider that is
 * not configured), with the exit code it means. The message is shown as it is: it names no secret.
 */
final class CliFailure extends RuntimeException {

    private final int exitCode;

    private CliFailure(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    static CliFailure badInput(String message) {
        return new CliFailure(ExitCodes.BAD_INPUT, message, null);
    }

    static CliFailure configuration(String message) {
        return new CliFailure(ExitCodes.CONFIGURATION, message, null);
    }

    static CliFailure infrastructure(String message, Throwable cause) {
        return new CliFailure(ExitCodes.INFRASTRUCTURE, message, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
