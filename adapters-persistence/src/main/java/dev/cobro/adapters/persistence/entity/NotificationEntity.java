package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A row of cobro.payment_notification: every notification received, whatever came of it. */
@Entity
@Table(name = "payment_notification", schema = "cobro")
public class NotificationEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "provider", nullable = false, length = 32)
    public String provider;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(name = "session_id")
    public String sessionId;

    @Column(name = "reference")
    public String reference;

    @Column(name = "raw_status")
    public String rawStatus;

    @Column(name = "mapped_status", length = 24)
    public String mappedStatus;

    @Column(name = "amount")
    public BigDecimal amount;

    @Column(name = "currency")
    public String currency;

    @Column(name = "body")
    public String body;

    @Column(name = "outcome", nullable = false, length = 16)
    public String outcome;

    @Column(name = "payment_id")
    public UUID paymentId;

    @Column(name = "detail")
    public String detail;

    @Column(name = "body_length")
    public Long bodyLength;

    @Column(name = "body_sha256", length = 64)
    public String bodySha256;

    public NotificationEntity() {
    }
}
