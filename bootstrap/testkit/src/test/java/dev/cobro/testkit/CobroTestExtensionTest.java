package dev.cobro.testkit;

import dev.cobro.db.testing.TestDatabase;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a host's test gets from the extension: one running sandbox per class, an empty database per test. */
@ExtendWith(CobroTestExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CobroTestExtensionTest {

    private static final List<ProviderSandbox> SANDBOXES = new ArrayList<>();
    private static final List<String> DATABASES = new ArrayList<>();

    @Test
    @Order(1)
    void aTestGetsARunningSandboxAndAnEmptyDatabaseOfItsOwn(ProviderSandbox sandbox, TestDatabase.Handle db)
            throws Exception {
        remember(sandbox, db);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.eightyEightPayBaseUrl() + "/api/auth/token"))
                .header("x-api-key", ProviderSandbox.DEFAULT_88PAY_API_KEY)
                .header("x-merchant-id", ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("create table host_order (id text primary key)");
            st.execute("insert into host_order values ('order-1')");
        }
    }

    @Test
    @Order(2)
    void theNextTestGetsTheSameSandboxAndAnotherEmptyDatabase(ProviderSandbox sandbox, TestDatabase.Handle db)
            throws Exception {
        remember(sandbox, db);
        assertThat(SANDBOXES).hasSize(2);
        assertThat(SANDBOXES.get(1)).isSameAs(SANDBOXES.get(0));
        assertThat(DATABASES).doesNotHaveDuplicates();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from information_schema.tables where table_name = 'host_order'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the first test's table").isZero();
        }
    }

    /** The mex merchant the README's session uses is one the sandbox accepts without being told. */
    @Test
    @Order(3)
    void theSandboxAcceptsTheReadmesSecondMerchant(ProviderSandbox sandbox) throws Exception {
        HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(sandbox.eightyEightPayBaseUrl() + "/api/auth/token"))
                .header("x-api-key", ProviderSandbox.DEFAULT_88PAY_MEX_API_KEY)
                .header("x-merchant-id", ProviderSandbox.DEFAULT_88PAY_MEX_MERCHANT_ID)
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
    }

    private static void remember(ProviderSandbox sandbox, TestDatabase.Handle db) {
        SANDBOXES.add(sandbox);
        DATABASES.add(db.name());
    }
}
