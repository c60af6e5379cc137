package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/**
 * A row of cobro.outcome_event: one status change as the outbox delivers it. The id (bigserial) is
 * the delivery order; the delivery columns are the outbox's to write, never an insert's, and the
 * change itself is never rewritten.
 */
@Entity
@Table(name = "outcome_event", schema = "cobro")
// This table's account column is varchar(64), as cobro.provider_token's; an attempt's is varchar(32).
@AttributeOverride(name = "account",
        column = @Column(name = "account", updatable = false, nullable = false, length = 64))
public class OutcomeEventEntity extends SubjectRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "reference", updatable = false, nullable = false, length = 64)
    public String reference;

    @Column(name = "from_status", updatable = false, length = 24)
    public String fromStatus;

    @Column(name = "to_status", updatable = false, nullable = false, length = 24)
    public String toStatus;

    @Column(name = "reason", updatable = false, nullable = false)
    public String reason;

    @Column(name = "flags", updatable = false, nullable = false, length = 128)
    public String flags;

    @Column(name = "occurred_at", updatable = false, nullable = false)
    public Instant occurredAt;

    @Column(name = "delivered_at", insertable = false)
    public Instant deliveredAt;

    @Column(name = "delivery_tries", insertable = false, nullable = false)
    public int deliveryTries;

    @Column(name = "next_attempt_at", insertable = false)
    public Instant nextAttemptAt;

    @Column(name = "last_error", insertable = false, length = 255)
    public String lastError;

    public OutcomeEventEntity() {
    }
}
