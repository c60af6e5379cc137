package dev.cobro.adapters.persistence.entity;

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
public class OutcomeEventEntity extends SubjectRow {

    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    @Column(updatable = false) public String reference;
    @Column(updatable = false) public String fromStatus;
    @Column(updatable = false) public String toStatus;
    @Column(updatable = false) public String reason;
    @Column(updatable = false) public String flags;
    @Column(updatable = false) public Instant occurredAt;
    @Column(insertable = false) public Instant deliveredAt;
    @Column(insertable = false) public int deliveryTries;
    @Column(insertable = false) public Instant nextAttemptAt;
    @Column(insertable = false) public String lastError;

    public OutcomeEventEntity() {
    }
}
