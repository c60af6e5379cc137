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
 * that owns the credential; all four token columns null when there is none. The key's columns are
 * named here: the naming would prefix the attributes of an {@code @IdClass} key with {@code id_}.
 */
@Entity
@Table(name = "provider_token", schema = "cobro")
@IdClass(ProviderTokenEntity.Key.class)
public class ProviderTokenEntity {

    @Id @Column(name = "provider") public String provider;
    @Id @Column(name = "account") public String account;
    public UUID generation;
    public byte[] sealed;
    public Instant issuedAt;
    public Integer reuseSeconds;

    public ProviderTokenEntity() {
    }

    /** (provider, account). */
    public record Key(String provider, String account) implements Serializable {
    }
}
