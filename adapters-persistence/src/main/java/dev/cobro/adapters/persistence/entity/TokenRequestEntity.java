package dev.cobro.adapters.persistence.entity;

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

    @Id @GeneratedValue(strategy = GenerationType.IDENTITY) public Long id;
    public String provider;
    public String credentialId;
    public Instant requestedAt;

    public TokenRequestEntity() {
    }

    public TokenRequestEntity(String provider, String credentialId, Instant requestedAt) {
        this.provider = provider;
        this.credentialId = credentialId;
        this.requestedAt = requestedAt;
    }
}
