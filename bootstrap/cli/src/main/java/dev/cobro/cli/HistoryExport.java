package dev.cobro.cli;

import dev.cobro.application.port.out.TransactionRecord;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * {@code history --format csv|jsonl}: every matching transaction, one line each, for
 * reconciliation. Amounts keep their currency's scale (100.00 PEN, 1500 CLP), as stored; no
 * attempt, request, secret or provider session id is part of a line. A long export reports its
 * progress on stderr every {@value #PROGRESS_EVERY} rows.
 */
final class HistoryExport {

    static final int PROGRESS_EVERY = 10_000;
    static final String[] COLUMNS = {"id", "kind", "provider", "account", "status", "amount", "currency",
            "customer_id", "merchant_reference", "created_at", "updated_at"};

    private final boolean csv;
    private final Writer out;
    private final PrintStream err;
    private final long started = System.nanoTime();
    private long rows;

    private HistoryExport(boolean csv, PrintStream out, PrintStream err) {
        this.csv = csv;
        this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        this.err = err;
    }

    /** Starts an export in {@code format} ("csv" or "jsonl"); CSV begins with its header line. */
    static HistoryExport start(String format, PrintStream out, PrintStream err) {
        HistoryExport export = new HistoryExport("csv".equals(format), out, err);
        if (export.csv) {
            export.write(String.join(",", COLUMNS));
        }
        return export;
    }

    void accept(TransactionRecord record) {
        if (csv) {
            String[] cells = cells(record);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    line.append(',');
                }
                line.append(csvCell(cells[i]));
            }
            write(line.toString());
        } else {
            try {
                write(CliJson.MAPPER.writeValueAsString(JsonViews.record(record, false)));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException("could not write a history row as JSON", e);
            }
        }
        rows++;
        if (rows % PROGRESS_EVERY == 0) {
            err.printf(Locale.ROOT, "history: %d transactions exported (%.1f s)%n", rows, seconds());
            err.flush();
        }
    }

    /** Flushes what is buffered; the summary goes to stderr when progress was reported. */
    long finish() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (rows >= PROGRESS_EVERY) {
            err.printf(Locale.ROOT, "history: %d transactions exported in %.1f s%n", rows, seconds());
            err.flush();
        }
        return rows;
    }

    static String[] cells(TransactionRecord r) {
        return new String[] {r.id().toString(), r.kind().code(), r.provider().value(), r.account().value(),
                r.status().name(), CliJson.amount(r.money().amount()), r.money().currency().getCurrencyCode(),
                r.customerId(), r.merchantReference(), CliJson.time(r.createdAt()), CliJson.time(r.updatedAt())};
    }

    /** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled; null is empty. */
    static String csvCell(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private void write(String line) {
        try {
            out.write(line);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double seconds() {
        return (System.nanoTime() - started) / 1e9;
    }
}
