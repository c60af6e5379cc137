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

    @Column(updatable = false) public String subjectKind;
    @Column(updatable = false) public UUID subjectId;
    @Column(updatable = false) public String provider;
    @Column(updatable = false) public String account;

    protected SubjectRow() {
    }
}
