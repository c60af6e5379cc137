package dev.cobro.cli;

import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.Violations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code cobro history}: one page of the transaction history, newest first, as JSON (the contract)
 * or as a table for people; or, as CSV or JSON Lines, every matching transaction over all pages, for
 * reconciliation. Every filter problem is reported at once.
 */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"Print one page of the transaction history (checkout payments and card authorizations), "
                + "newest first.",
                "JSON: {\"items\": [...], \"next_cursor\": ...}; next_cursor is null on the last page, else pass it "
                        + "to --after for the next one.",
                "--format csv or jsonl: every matching transaction (all pages, from --after when given), one per "
                        + "line, with progress on stderr."})
final class HistoryCommand extends CliCommand {

    @Option(names = "--customer", paramLabel = "ID", description = "Only this customer's transactions.")
    String customer;

    @Option(names = "--status", paramLabel = "STATUS", split = ",",
            description = "Only these statuses (repeat, or separate with commas), e.g. AUTHORIZED,DECLINED.")
    List<String> statuses = new ArrayList<>();

    @Option(names = "--kind", paramLabel = "KIND", description = "checkout_payment or card_authorization.")
    String kind;

    @Option(names = "--provider", paramLabel = "ID", description = "88pay, payme, ...")
    String provider;

    @Option(names = "--account", paramLabel = "ID",
            description = "Only this provider account's transactions (default, mx, ...).")
    String account;

    @Option(names = "--currency", paramLabel = "CODE", description = "ISO 4217 code, e.g. PEN.")
    String currency;

    @Option(names = "--min-amount", paramLabel = "AMOUNT", description = "At least this amount (inclusive).")
    String minAmount;

    @Option(names = "--max-amount", paramLabel = "AMOUNT", description = "At most this amount (inclusive).")
    String maxAmount;

    @Option(names = "--reference", paramLabel = "REF",
            description = "A checkout's merchant reference or an authorization's operation number.")
    String reference;

    @Option(names = "--from", paramLabel = "TIME",
            description = "Created at or after (ISO-8601: 2025-01-31T10:00:00Z, or a date 2025-01-31 in UTC).")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Created before (exclusive; same forms as --from).")
    String to;

    @Option(names = "--limit", paramLabel = "N", description = "Page size, 1-100 (default: 20).")
    String limit;

    @Option(names = "--after", paramLabel = "CURSOR", description = "The next_cursor of the previous page.")
    String after;

    @Option(names = "--with-attempts",
            description = "Add each transaction's provider calls (attempts) and status changes.")
    boolean withAttempts;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "json",
            description = "json (default) or table: one page; csv or jsonl: every matching transaction.")
    String format;

    @Override
    protected int run(CliContext context) {
        QueryTransactionHistoryCommand command = command();
        boolean table = "table".equals(format);
        if (exporting()) {
            HistoryExport export = HistoryExport.start(format, context.out(), context.err());
            context.openHistoryPages().export(command.criteria(), command.after(), export::accept);
            export.finish();
            return ExitCodes.OK;
        }
        if (!withAttempts) {
            // Pages without attempts need neither Hibernate nor the providers: the command starts in a fraction.
            HistoryPage page = context.openHistoryPages().query(command);
            if (table) {
                HistoryTable.print(page, false, context.out());
            } else {
                context.printJson(JsonViews.history(page, false));
            }
            return ExitCodes.OK;
        }
        try (CliContext.CobroSession session = context.openCobro(builder -> { })) {
            HistoryPage page = session.cobro().history().query(command);
            if (table) {
                HistoryTable.print(page, withAttempts, context.out());
            } else {
                context.printJson(JsonViews.history(page, withAttempts));
            }
        }
        return ExitCodes.OK;
    }

    /** The query, or ONE error naming every bad option. */
    QueryTransactionHistoryCommand command() {
        Violations v = new Violations();
        if (!List.of("json", "table", "csv", "jsonl").contains(format)) {
            v.add("format", "must be json, table, csv or jsonl", format);
        } else if (exporting() && limit != null) {
            v.add("limit", "is the size of one page; csv and jsonl export every matching transaction", limit);
        } else if (exporting() && withAttempts) {
            v.add("with-attempts", "goes with json or table; csv and jsonl hold one line per transaction", null);
        }
        Set<TransactionStatus> wanted = new LinkedHashSet<>();
        for (String status : statuses) {
            TransactionStatus known = v.field("",
                    () -> TransactionStatus.parse(status.trim().toUpperCase(Locale.ROOT)));
            if (known != null) {
                wanted.add(known);
            }
        }
        TransactionKind kindValue = kind == null ? null : v.field("", () -> TransactionKind.fromCode(kind));
        ProviderId providerId = provider == null ? null : v.field("", () -> ProviderId.of(provider));
        AccountId accountId = account == null ? null : v.field("", () -> AccountId.of(account.trim()));
        Currency currencyValue = currency == null ? null
                : v.field("currency", () -> Money.parseCurrency(currency.toUpperCase(Locale.ROOT)));
        BigDecimal min = amount(v, "min-amount", minAmount);
        BigDecimal max = amount(v, "max-amount", maxAmount);
        Instant fromTime = time(v, "from", from);
        Instant toTime = time(v, "to", to);
        Integer size = null;
        if (limit != null) {
            try {
                size = Integer.valueOf(limit.trim());
                if (size < 1 || size > QueryTransactionHistoryCommand.MAX_LIMIT) {
                    v.add("limit", "must be 1 to " + QueryTransactionHistoryCommand.MAX_LIMIT, limit);
                }
            } catch (NumberFormatException e) {
                v.add("limit", "must be a whole number from 1 to " + QueryTransactionHistoryCommand.MAX_LIMIT, limit);
            }
        }
        if (min != null && max != null && min.compareTo(max) > 0) {
            v.add("min-amount", "must not be above --max-amount", minAmount + " > " + maxAmount);
        }
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            v.add("from", "must be before --to", from + " >= " + to);
        }
        // Built among the other checks: a status the kind never has (--kind card_authorization
        // --status SUCCEEDED) is one more problem of the same list, not an empty page.
        HistoryCriteria criteria = v.field("", () -> HistoryCriteria.builder()
                .customerId(blankToNull(customer))
                .provider(providerId)
                .account(accountId)
                .kind(kindValue)
                .statuses(wanted)
                .currency(currencyValue)
                .minAmount(min)
                .maxAmount(max)
                .createdFrom(fromTime)
                .createdTo(toTime)
                .merchantReference(blankToNull(reference))
                .build());
        v.throwIfAny();
        return new QueryTransactionHistoryCommand(criteria, blankToNull(after), size, withAttempts);
    }

    private boolean exporting() {
        return "csv".equals(format) || "jsonl".equals(format);
    }

    private static BigDecimal amount(Violations v, String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            BigDecimal amount = new BigDecimal(value.trim());
            if (amount.signum() < 0) {
                v.add(option, "must not be negative", value);
            }
            return amount;
        } catch (NumberFormatException e) {
            v.add(option, "must be a decimal number such as 10.50", value);
            return null;
        }
    }

    /** An ISO-8601 instant, or a date taken as the start of that day in UTC. */
    private static Instant time(Violations v, String option, String value) {
        if (value == null) {
            return null;
        }
        String text = value.trim();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notADate) {
                v.add(option, "must be an ISO-8601 time such as 2025-01-31T10:00:00Z, or a date such as 2025-01-31",
                        value);
                return null;
            }
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
