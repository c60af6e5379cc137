package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;

/**
 * A row of cobro.provider_token: the current token of one (provider, account), sealed by the adapter
 * that owns the credential; all four token columns null when there is none.
 */
@Entity
@Table(name = "provider_token", schema = "cobro")
@IdClass(ProviderTokenEntity.Key.class)
public class ProviderTokenEntity {

    @Id
    @Column(name = "provider", nullable = false, length = 32)
    public String provider;

    @Id
    @Column(name = "account", nullable = false, length = 64)
    public String account;

    @Column(name = "generation")
    public UUID generation;

    @Column(name = "sealed")
    public byte[] sealed;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "reuse_seconds")
    public Integer reuseSeconds;

    public ProviderTokenEntity() {
    }

    /** (provider, account). */
    public record Key(String provider, String account) implements Serializable {
    }
}
