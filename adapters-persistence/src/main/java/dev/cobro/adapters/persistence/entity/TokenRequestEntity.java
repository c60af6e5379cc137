package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of cobro.token_request: one token request, timed by the database clock. */
@Entity
@Table(name = "token_request", schema = "cobro")
public class TokenRequestEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "id")
    public Long id;

    @Column(name = "provider", nullable = false, length = 32)
    public String provider;

    @Column(name = "credential_id", nullable = false, length = 128)
    public String credentialId;

    @Column(name = "requested_at", nullable = false)
    public Instant requestedAt;

    public TokenRequestEntity() {
    }

    public TokenRequestEntity(String provider, String credentialId, Instant requestedAt) {
        this.provider = provider;
        this.credentialId = credentialId;
        this.requestedAt = requestedAt;
    }
}
