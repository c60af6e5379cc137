package com.example.shop;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.bootstrap.Cobro;

import javax.sql.DataSource;
import java.math.BigDecimal;

/** A shop's checkout: one Cobro for the life of the application, built on the shop's own pool. */
public final class ShopCheckout implements AutoCloseable {

    private final Cobro cobro;

    public ShopCheckout(DataSource dataSource, String eightyEightPayUrl, String apiKey, String merchantId) {
        this.cobro = Cobro.builder()
                .dataSource(dataSource)              // your pool; Cobro keeps to schema "cobro"
                .eightyEightPay(EightyEightPaySettings.defaults(eightyEightPayUrl, apiKey, merchantId))
                .build();                            // runs Cobro's migrations
    }

    /** Starts the payment of an order; returns the 88Pay checkout URL to send the customer to. */
    public String pay(String orderId, String customerId, BigDecimal amount) {
        CheckoutPaymentResult result = cobro.checkoutPayments().start(StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference(orderId)
                .customerId(customerId)
                .amount(amount)
                .currency("MXN")
                .country("MEX")
                .method("CARDS", "CARD")
                .description("Order " + orderId)
                .notificationUrl("https://shop.example/88pay/notify")
                .returnUrl("https://shop.example/thanks")
                .build());
        return result.payment().checkoutUrl();
    }

    /** The newest payments first, 20 to a page. */
    public HistoryPage recentPayments() {
        return cobro.history().query(new QueryTransactionHistoryCommand(null, null, 20, false));
    }

    @Override
    public void close() {
        cobro.close();
    }
}
