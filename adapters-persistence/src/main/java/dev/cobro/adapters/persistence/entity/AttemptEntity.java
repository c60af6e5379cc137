package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of cobro.provider_attempt: one provider call, with redacted bodies only. */
@Entity
@Table(name = "provider_attempt", schema = "cobro")
public class AttemptEntity extends SubjectRow {

    @Id public UUID id;
    @Column(updatable = false) public String operation;
    @Column(updatable = false) public int attemptNumber;
    public String status;
    @Column(updatable = false) public Instant startedAt;
    public Instant finishedAt;
    public Long latencyMs;
    public Integer httpStatus;
    public String providerCode;
    public String providerMessage;
    @Column(updatable = false) public String request;
    public String response;

    public AttemptEntity() {
    }
}
