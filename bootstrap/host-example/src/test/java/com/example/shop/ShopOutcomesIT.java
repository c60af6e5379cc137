package com.example.shop;

import com.zaxxer.hikari.HikariDataSource;
import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's listener, run: a paid checkout marks the order paid, once, however often the event comes. */
class ShopOutcomesIT {

    @Test
    void aPaidCheckoutMarksTheOrderPaidOnceEvenWhenItsEventComesTwice() throws Exception {
        TestDatabase.Handle db = TestDatabase.freshDatabase();
        try (ProviderSandbox sandbox = ProviderSandbox.builder().port(0).start();
             HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(db.jdbcUrl());
            pool.setUsername(db.user());
            pool.setPassword(db.password());
            pool.setMaximumPoolSize(4);
            ShopOutcomes outcomes = new ShopOutcomes(pool);
            List<OutcomeEvent> seen = new ArrayList<>();
            try (Cobro cobro = Cobro.builder()
                    .dataSource(pool)
                    .eightyEightPay(EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(),
                            ProviderSandbox.DEFAULT_88PAY_API_KEY, ProviderSandbox.DEFAULT_88PAY_MERCHANT_ID))
                    .onOutcome(event -> {
                        seen.add(event);
                        outcomes.onOutcome(event);
                    })
                    .build()) {
                CheckoutPaymentResult started = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                        .provider("88pay")
                        .merchantReference("order-2002")
                        .customerId("cust_987654")
                        .amount(new BigDecimal("100.00"))
                        .currency("MXN")
                        .country("MEX")
                        .method("CARDS", "CARD")
                        .description("Order order-2002")
                        .notificationUrl("https://shop.example/88pay/notify")
                        .returnUrl("https://shop.example/thanks")
                        .build());
                // The sandbox's webhook as the shop's endpoint receives it: signed URL, body, bearer.
                SandboxNotification webhook = sandbox.notification(started.payment().checkoutUrl(), "COMPLETED");
                cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                        webhook.url(), webhook.body(), webhook.headers()));
                while (cobro.events().deliverPending().delivered() > 0) {
                    // until every event of the payment is delivered
                }
            }
            assertThat(seen).extracting(OutcomeEvent::to)
                    .containsExactly("REQUESTED", "AWAITING_CUSTOMER", "SUCCEEDED");
            outcomes.onOutcome(seen.get(2));                     // the same event again, as after a crash

            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("select order_id from shop_paid_order")) {
                List<String> paid = new ArrayList<>();
                while (rs.next()) {
                    paid.add(rs.getString(1));
                }
                assertThat(paid).containsExactly("order-2002");
            }
        }
    }
}
