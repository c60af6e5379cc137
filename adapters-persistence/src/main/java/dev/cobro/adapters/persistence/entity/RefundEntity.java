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

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "payment_id", updatable = false, nullable = false)
    public UUID paymentId;

    @Column(name = "refund_key", updatable = false, nullable = false, length = 64)
    public String key;

    @Column(name = "amount", updatable = false, nullable = false)
    public BigDecimal amount;

    @Column(name = "full_refund", updatable = false, nullable = false)
    public boolean full;

    @Column(name = "attempt_id", nullable = false)
    public UUID attemptId;

    @Column(name = "created_at", updatable = false, nullable = false)
    public Instant createdAt;

    public RefundEntity() {
    }
}
