package dev.cobro.application.port.in;

/**
 * Run the resolver once. {@code limit} bounds how many items of each kind one run handles.
 */
public record ResolveUnknownOutcomesCommand(int limit) {

    public static final ResolveUnknownOutcomesCommand DEFAULT = new ResolveUnknownOutcomesCommand(500);

    public ResolveUnknownOutcomesCommand {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
    }
}
