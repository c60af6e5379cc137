package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of cobro.payment_notification: every notification received, whatever came of it. Written
 * once and never updated (a prune deletes it), so no column needs a write rule.
 */
@Entity
@Table(name = "payment_notification", schema = "cobro")
public class NotificationEntity {

    @Id public UUID id;
    public String provider;
    public Instant receivedAt;
    public String sessionId;
    public String reference;
    public String rawStatus;
    public String mappedStatus;
    public BigDecimal amount;
    public String currency;
    public String body;
    public String outcome;
    public UUID paymentId;
    public String detail;
    public Long bodyLength;
    public String bodySha256;

    public NotificationEntity() {
    }
}
