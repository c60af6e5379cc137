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

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "operation", updatable = false, nullable = false, length = 16)
    public String operation;

    @Column(name = "attempt_number", updatable = false, nullable = false)
    public int number;

    @Column(name = "status", nullable = false, length = 16)
    public String status;

    @Column(name = "started_at", updatable = false, nullable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "latency_ms")
    public Long latencyMs;

    @Column(name = "http_status")
    public Integer httpStatus;

    @Column(name = "provider_code")
    public String providerCode;

    @Column(name = "provider_message")
    public String providerMessage;

    @Column(name = "request", updatable = false)
    public String request;

    @Column(name = "response")
    public String response;

    public AttemptEntity() {
    }
}
