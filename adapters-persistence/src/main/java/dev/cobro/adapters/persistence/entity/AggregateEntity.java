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

    @Id public UUID id;
    @Column(updatable = false) public String provider;
    @Column(updatable = false) public String account;
    @Embedded public MoneyColumns money;
    /** The canonical command's hash: a repeated key with another fingerprint is a conflict. */
    @Column(updatable = false) public String fingerprint;
    public String status;
    @Column(updatable = false) public Instant createdAt;
    public Instant updatedAt;
    /**
     * The optimistic guard of a save: a save writes over the row only while it is at the version the
     * aggregate was read at, and moves it on in the same statement
     * ({@link dev.cobro.adapters.persistence.write.WriteBatch#versionedUpdate}). Not updatable here
     * because no write of Hibernate's own sets it.
     */
    @Column(updatable = false) public long version;

    protected AggregateEntity() {
    }
}
