package dev.cobro.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A row of cobro.provider_attempt: one provider call, with redacted bodies only. */
@Entity
@Table(name = "provider_attempt", schema = "cobro")
class AttemptEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "subject_kind", nullable = false, length = 24)
    public String subjectKind;

    @Column(name = "subject_id", nullable = false)
    public UUID subjectId;

    @Column(name = "provider", nullable = false, length = 32)
    public String provider;

    @Column(name = "account", nullable = false, length = 32)
    public String account;

    @Column(name = "operation", nullable = false, length = 16)
    public String operation;

    @Column(name = "attempt_number", nullable = false)
    public int number;

    @Column(name = "status", nullable = false, length = 16)
    public String status;

    @Column(name = "started_at", nullable = false)
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

    @Column(name = "request")
    public String request;

    @Column(name = "response")
    public String response;

    Row row() {
        Row row = new Row(32)
                .uuid("id", id)
                .text("subject_kind", subjectKind)
                .uuid("subject_id", subjectId)
                .text("provider", provider)
                .text("account", account)
                .text("operation", operation)
                .integer("attempt_number", number)
                .time("started_at", startedAt)
                .text("request", request);
        return outcomeRow(row);
    }

    /** The columns a finished attempt writes over its REQUESTED row (after those of {@code row}). */
    Row outcomeRow(Row row) {
        return row
                .text("status", status)
                .time("finished_at", finishedAt)
                .bigint("latency_ms", latencyMs)
                .integer("http_status", httpStatus)
                .text("provider_code", providerCode)
                .text("provider_message", providerMessage)
                .text("response", response);
    }

    AttemptEntity() {
    }
}
