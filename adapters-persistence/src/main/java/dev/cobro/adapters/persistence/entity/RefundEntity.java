package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of cobro.payment_refund: one refund under its key. Only its attempt moves (a NOT_SENT refund
 * goes out again under a new one); its status is that attempt's. Public to the adapter's other
 * packages only.
 */
@Entity
@Table(name = "payment_refund", schema = "cobro")
public class RefundEntity {

    @Id public UUID id;
    @Column(updatable = false) public UUID paymentId;
    @Column(updatable = false) public String refundKey;
    @Column(updatable = false) public BigDecimal amount;
    @Column(updatable = false) public boolean fullRefund;
    public UUID attemptId;
    @Column(updatable = false) public Instant createdAt;

    public RefundEntity() {
    }
}
