package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

import java.time.Instant;
import java.util.UUID;

/**
 * The columns every aggregate's row has, whatever the aggregate: cobro.checkout_payment and
 * cobro.card_authorization declare them alike (same names, types and write rules), so they are
 * mapped here once and each entity adds only its own. The store adapters' shared reads and writes
 * ({@code AggregateStore}) rely on exactly these.
 */
@MappedSuperclass
public abstract class AggregateEntity {

    @Id
    @Column(name = "id")
    public UUID id;

    @Column(name = "provider", updatable = false, nullable = false, length = 32)
    public String provider;

    @Column(name = "account", updatable = false, nullable = false, length = 32)
    public String account;

    @Embedded
    public MoneyColumns money;

    /** The canonical command's hash: a repeated key with another fingerprint is a conflict. */
    @Column(name = "fingerprint", updatable = false, nullable = false, length = 64)
    public String fingerprint;

    @Column(name = "status", nullable = false, length = 24)
    public String status;

    @Column(name = "created_at", updatable = false, nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The optimistic guard of a save: a save writes over the row only while it is at the version the
     * aggregate was read at, and moves it on in the same statement
     * ({@link dev.cobro.adapters.persistence.write.WriteBatch#versionedUpdate}). Not updatable here
     * because no write of Hibernate's own sets it.
     */
    @Column(name = "version", updatable = false, nullable = false)
    public long version;

    protected AggregateEntity() {
    }
}
