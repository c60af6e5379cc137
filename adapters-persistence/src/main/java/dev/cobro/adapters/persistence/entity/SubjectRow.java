package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import java.util.UUID;

/**
 * The columns of a row about one payment or authorization, its subject: which kind, which one, and
 * the provider account it went to. cobro.provider_attempt and cobro.outcome_event declare them alike,
 * never rewritten, so they are mapped here once.
 */
@MappedSuperclass
public abstract class SubjectRow {

    @Column(name = "subject_kind", updatable = false, nullable = false, length = 24)
    public String subjectKind;

    @Column(name = "subject_id", updatable = false, nullable = false)
    public UUID subjectId;

    @Column(name = "provider", updatable = false, nullable = false, length = 32)
    public String provider;

    @Column(name = "account", updatable = false, nullable = false, length = 32)
    public String account;

    protected SubjectRow() {
    }
}
