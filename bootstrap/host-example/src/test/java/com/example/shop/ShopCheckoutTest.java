package com.example.shop;

import com.zaxxer.hikari.HikariDataSource;
import dev.cobro.application.port.out.TransactionStatus;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.testkit.CobroTestExtension;
import dev.cobro.testkit.ProviderSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** A host's own test: its checkout against Cobro's provider sandbox, on its own pool and a PostgreSQL of its own. */
@ExtendWith(CobroTestExtension.class)
class ShopCheckoutTest {

    @Test
    void anOrderGetsACheckoutUrlAndShowsInHistory(ProviderSandbox sandbox, TestDatabase.Handle db) {
        try (HikariDataSource pool = pool(db);
             ShopCheckout checkout = new ShopCheckout(pool, sandbox.eightyEightPayBaseUrl(),
                     ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID)) {

            String url = checkout.pay("order-1001", "cust_987654", new BigDecimal("100.00"));

            assertThat(url).startsWith(sandbox.baseUrl());
            assertThat(checkout.recentPayments().items())
                    .singleElement()
                    .satisfies(payment -> assertThat(payment.status()).isEqualTo(TransactionStatus.AWAITING_CUSTOMER));
        }
    }

    private static HikariDataSource pool(TestDatabase.Handle db) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.jdbcUrl());
        pool.setUsername(db.user());
        pool.setPassword(db.password());
        pool.setMaximumPoolSize(4);
        return pool;
    }
}
