package dev.cobro.cli;

import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryExportTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123456Z");

    @Test
    void csvKeepsEachCurrencysScaleAndQuotesWhatNeedsIt() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HistoryExport export = HistoryExport.start("csv", print(out), print(new ByteArrayOutputStream()));

        export.accept(record("PEN", "100.00", "order, \"gift\""));
        export.accept(record("CLP", "1500", "plain"));
        export.finish();

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains(",100.00,PEN,cust-1,\"order, \"\"gift\"\"\",2026-03-01T12:00:00.123456Z,");
        assertThat(lines.get(2)).contains(",1500,CLP,cust-1,plain,");
    }

    @Test
    void aLongExportReportsItsProgressOnStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        HistoryExport export = HistoryExport.start("jsonl", print(out), print(err));

        for (int i = 0; i < HistoryExport.PROGRESS_EVERY + 1; i++) {
            export.accept(record("MXN", "1.50", "ref-" + i));
        }
        long rows = export.finish();

        assertThat(rows).isEqualTo(HistoryExport.PROGRESS_EVERY + 1);
        assertThat(out.toString(StandardCharsets.UTF_8).lines()).hasSize(HistoryExport.PROGRESS_EVERY + 1)
                .allSatisfy(line -> assertThat(line).startsWith("{").contains("\"amount\":\"1.50\""));
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("history: 10000 transactions exported (")
                .contains("history: 10001 transactions exported in ");
    }

    private static TransactionRecord record(String currency, String amount, String reference) {
        return new TransactionRecord(UUID.nameUUIDFromBytes(reference.getBytes(StandardCharsets.UTF_8)),
                TransactionKind.CHECKOUT_PAYMENT, ProviderId.EIGHTY_EIGHT_PAY, AccountId.of("mx"),
                TransactionStatus.SUCCEEDED, Money.of(new BigDecimal(amount), Currency.getInstance(currency)),
                "cust-1", reference, AT, AT, List.of(), List.of());
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
