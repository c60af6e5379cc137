package dev.cobro.cli;

import dev.cobro.application.port.in.AttemptView;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.out.TransactionRecord;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The history for people: one row per transaction, its provider calls indented below when asked for. */
final class HistoryTable {

    private static final String[] HEADERS = {"id", "kind", "provider", "account", "status", "amount", "currency",
            "customer", "reference", "created"};
    private static final int AMOUNT = 5;

    private HistoryTable() {
    }

    static void print(HistoryPage page, boolean withAttempts, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        for (TransactionRecord record : page.items()) {
            rows.add(new String[]{record.id().toString(), record.kind().code(), record.provider().value(),
                    record.account().value(), record.status().name(), CliJson.amount(record.money().amount()),
                    record.money().currency().getCurrencyCode(), orDash(record.customerId()),
                    orDash(record.merchantReference()), seconds(record.createdAt())});
        }
        int[] widths = new int[HEADERS.length];
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i] = HEADERS[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        out.println(line(HEADERS, widths));
        for (int r = 0; r < rows.size(); r++) {
            out.println(line(rows.get(r), widths));
            if (withAttempts) {
                for (AttemptView attempt : page.items().get(r).attempts()) {
                    out.println("    " + attempt.operation().code() + " #" + attempt.number() + " "
                            + attempt.status().name()
                            + (attempt.httpStatus() == null ? "" : " http " + attempt.httpStatus())
                            + (attempt.providerCode() == null ? "" : " code " + attempt.providerCode())
                            + (attempt.providerMessage() == null ? "" : " \"" + attempt.providerMessage() + "\"")
                            + (attempt.latency() == null ? "" : " " + attempt.latency().toMillis() + " ms"));
                }
            }
        }
        if (rows.isEmpty()) {
            // A page reads a bounded stretch of the history: finding nothing there ends nothing.
            out.println(page.nextCursor() == null ? "(no transactions)"
                    : "(no matching transactions in this stretch of the history; more may follow)");
        }
        out.println(page.nextCursor() == null ? "(last page)" : "next page: --after " + page.nextCursor());
        out.flush();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            // Amounts read best aligned right.
            line.append(i == AMOUNT ? pad(cells[i], widths[i], true) : pad(cells[i], widths[i], false));
        }
        return line.toString().stripTrailing();
    }

    private static String pad(String text, int width, boolean right) {
        String fill = " ".repeat(width - text.length());
        return right ? fill + text : text + fill;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
