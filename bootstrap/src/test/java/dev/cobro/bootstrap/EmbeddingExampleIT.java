package dev.cobro.bootstrap;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.sandbox.ProviderSandbox;
import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's embedding sample is this code, compiled and run: the two cannot drift apart. */
class EmbeddingExampleIT {

    private static final Pattern SAMPLE = Pattern.compile(
            "<!-- embedding-example:start -->\\s*```java\\n(.*?)```\\s*<!-- embedding-example:end -->", Pattern.DOTALL);

    @Test
    void theReadmeSampleIsTheCodeThisTestRuns() throws IOException {
        Matcher m = SAMPLE.matcher(Files.readString(readme()));
        assertThat(m.find()).as("the README holds the embedding sample between its markers").isTrue();
        String source = Files.readString(Path.of("src/test/java/dev/cobro/bootstrap/EmbeddingExampleIT.java"));
        assertThat(normalize(source)).contains(normalize(m.group(1)));
    }

    @Test
    void theReadmeSampleTakesAPaymentAndReadsHistory() {
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start()) {
            String checkoutUrl = embed(TestDatabase.freshDatabase().dataSource(), sandbox.eightyEightPayBaseUrl(),
                    "sk_test_sandbox_key", "MCH-COL-TEST-29ZTP4");
            assertThat(checkoutUrl).startsWith(sandbox.baseUrl());
        }
    }

    static String embed(DataSource dataSource, String eightyEightPayUrl, String apiKey, String merchantId) {
        // embedding-example
        try (Cobro cobro = Cobro.builder()
                .dataSource(dataSource)                      // your pool; Cobro keeps to schema "cobro"
                .eightyEightPay(EightyEightPaySettings.defaults(eightyEightPayUrl, apiKey, merchantId))
                .build()) {                                  // runs Cobro's migrations
            CheckoutPaymentResult result = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.of(
                    "88pay", "order-1001", "cust_987654", new BigDecimal("100.00"), "MXN", "MEX",
                    "CARDS", "CARD", "Compra #3",
                    "https://shop.example/88pay/notify", "https://shop.example/thanks"));
            String checkoutUrl = result.payment().checkoutUrl();   // send the customer here

            HistoryPage page = cobro.history().query(new QueryTransactionHistoryCommand(null, null, 20, false));
            System.out.println(page.items().size() + " transaction(s), newest " + page.items().get(0).status());
            return checkoutUrl;
        }
    }

    static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        return here.getFileName().toString().equals("bootstrap") ? here.resolveSibling("README.md")
                : here.resolve("README.md");
    }

    private static String normalize(String code) {
        return code.replaceAll("\\s+", " ").trim();
    }
}
