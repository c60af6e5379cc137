package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.domain.shared.Violations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code cobro events}: the outcome events (one per status change), oldest first, as JSON (the
 * contract) or as a table for people. Delivered events stay until pruned; {@code --pending} shows
 * only those the host's listener has not taken yet.
 */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Print outcome events (one per status change of a payment or an authorization), oldest first.",
                "JSON: {\"items\": [...], \"next_after\": ...}; next_after is null on the last page, else pass it "
                        + "to --after for the next one."})
final class EventsCommand extends CliCommand {

    @Option(names = "--pending", description = "Only events not yet delivered to the host's listener.")
    boolean pending;

    @Option(names = "--after", paramLabel = "ID", description = "Only events with an id above this one.")
    String after;

    @Option(names = "--limit", paramLabel = "N",
            description = "At most N events, 1-" + ListOutcomeEventsCommand.MAX_LIMIT + " (default: "
                    + ListOutcomeEventsCommand.DEFAULT_LIMIT + ").")
    String limit;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or table.")
    String format;

    @Override
    protected int run(CliContext context) {
        ListOutcomeEventsCommand command = command();
        try (CliContext.CobroSession session = context.openCobro(builder -> { })) {
            List<OutcomeEvent> events = session.cobro().events().list(command);
            Long next = events.size() == command.limit() ? events.get(events.size() - 1).id() : null;
            if ("table".equals(format)) {
                table(events, next, context.out());
            } else {
                ObjectNode json = CliJson.object();
                ArrayNode items = json.putArray("items");
                events.forEach(event -> items.add(json(event)));
                if (next == null) {
                    json.putNull("next_after");
                } else {
                    json.put("next_after", next.toString());
                }
                context.printJson(json);
            }
        }
        return ExitCodes.OK;
    }

    /** The listing asked for, or ONE error naming every bad option. */
    ListOutcomeEventsCommand command() {
        Violations v = new Violations();
        if (!"json".equals(format) && !"table".equals(format)) {
            v.add("format", "must be json or table", format);
        }
        long afterId = 0;
        if (after != null) {
            try {
                afterId = Long.parseLong(after.trim());
                if (afterId < 0) {
                    v.add("after", "must be an event id (0 or more)", after);
                }
            } catch (NumberFormatException e) {
                v.add("after", "must be an event id (a whole number)", after);
            }
        }
        int size = ListOutcomeEventsCommand.DEFAULT_LIMIT;
        if (limit != null) {
            try {
                size = Integer.parseInt(limit.trim());
                if (size < 1 || size > ListOutcomeEventsCommand.MAX_LIMIT) {
                    v.add("limit", "must be 1 to " + ListOutcomeEventsCommand.MAX_LIMIT, limit);
                }
            } catch (NumberFormatException e) {
                v.add("limit", "must be a whole number from 1 to " + ListOutcomeEventsCommand.MAX_LIMIT, limit);
            }
        }
        v.throwIfAny();
        return new ListOutcomeEventsCommand(pending, afterId, size);
    }

    /** Ids as strings: a bigserial may pass what a JavaScript reader holds exactly. */
    static ObjectNode json(OutcomeEvent event) {
        ObjectNode json = CliJson.object();
        json.put("id", Long.toString(event.id()));
        json.put("kind", event.kind().code());
        json.put("subject_id", event.subjectId().toString());
        json.put("provider", event.provider().value());
        json.put("account", event.account());
        json.put("reference", event.reference());
        json.put("from", event.from());
        json.put("to", event.to());
        json.put("reason", event.reason());
        ArrayNode flags = json.putArray("flags");
        new TreeSet<>(event.flags()).forEach(flags::add);
        json.put("occurred_at", CliJson.time(event.occurredAt()));
        json.put("delivered_at", event.deliveredAt() == null ? null : CliJson.time(event.deliveredAt()));
        json.put("delivery_tries", event.deliveryTries());
        json.put("next_attempt_at", event.nextAttemptAt() == null ? null : CliJson.time(event.nextAttemptAt()));
        return json;
    }

    private static void table(List<OutcomeEvent> events, Long next, PrintStream out) {
        String[] headers = {"id", "kind", "subject", "provider", "reference", "from", "to", "occurred", "delivered",
                "tries"};
        List<String[]> rows = new ArrayList<>();
        for (OutcomeEvent e : events) {
            rows.add(new String[]{Long.toString(e.id()), e.kind().code(), e.subjectId().toString(), e.provider().value(),
                    e.reference(), e.from() == null ? "-" : e.from(), e.to(), seconds(e.occurredAt()),
                    e.deliveredAt() == null ? "pending" : seconds(e.deliveredAt()), Integer.toString(e.deliveryTries())});
        }
        int[] widths = new int[headers.length];
        for (int i = 0; i < headers.length; i++) {
            widths[i] = headers[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(headers, widths));
        rows.forEach(row -> out.println(line(row, widths)));
        if (rows.isEmpty()) {
            out.println("(no events)");
        }
        out.println(next == null ? "(last page)" : "next page: --after " + next);
        out.flush();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            line.append(i == 0 ? "" : "  ").append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
        }
        return line.toString().stripTrailing();
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
