package com.example.shop;

import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.application.port.out.OutcomeListener;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.TransactionKind;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The shop learns what became of its payments: Cobro calls {@link #onOutcome} for every status
 * change, at least once and in order per payment. An event may come twice (after a crash between the
 * call and Cobro's commit), so the shop remembers the event ids it has handled, in the same
 * transaction as what it does with them. Throwing makes Cobro try again later.
 */
public final class ShopOutcomes implements OutcomeListener {

    private final DataSource shopDatabase;

    public ShopOutcomes(DataSource shopDatabase) throws SQLException {
        this.shopDatabase = shopDatabase;
        try (Connection c = shopDatabase.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table if not exists shop_seen_event (event_id bigint primary key)");
            st.execute("create table if not exists shop_paid_order (order_id text primary key, paid_at timestamptz)");
        }
    }

    @Override
    public void onOutcome(OutcomeEvent event) throws SQLException {
        try (Connection c = shopDatabase.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement seen = c.prepareStatement(
                    "insert into shop_seen_event (event_id) values (?) on conflict do nothing")) {
                seen.setLong(1, event.id());
                if (seen.executeUpdate() == 0) {
                    c.rollback();
                    return;                          // handled before: a repeat, nothing to do
                }
            }
            if (event.kind() == TransactionKind.CHECKOUT_PAYMENT && event.paymentStatus() == PaymentStatus.SUCCEEDED) {
                try (PreparedStatement paid = c.prepareStatement(
                        "insert into shop_paid_order (order_id, paid_at) values (?, ?) on conflict do nothing")) {
                    paid.setString(1, event.reference());         // the merchant reference: our order id
                    paid.setObject(2, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
                    paid.executeUpdate();
                }
            }
            c.commit();                              // keep it short: Cobro holds the event while we run
        }
    }
}
