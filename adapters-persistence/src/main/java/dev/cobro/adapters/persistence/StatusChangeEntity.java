package dev.cobro.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of cobro.status_change: one transition of a payment or an authorization. */
@Entity
@Table(name = "status_change", schema = "cobro")
class StatusChangeEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "subject_kind", nullable = false, length = 24)
    public String subjectKind;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    /** The change's place in the subject's history, from 0 (its creation). */
    @Column(name = "position", nullable = false)
    public int position;

    @Column(name = "from_status", length = 24)
    public String fromStatus;

    @Column(name = "to_status", nullable = false, length = 24)
    public String toStatus;

    @Column(name = "reason", nullable = false)
    public String reason;

    @Column(name = "changed_at", nullable = false)
    public Instant at;

    StatusChangeEntity() {
    }
}
