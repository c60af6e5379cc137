/**
 * The rows of Cobro's tables as Hibernate maps them: the one mapping that the reads (HQL), the writes
 * ({@code EntityTables}, {@code WriteBatch}) and the schema check at start-up share.
 * <p>
 * A column's name follows from its field's ({@code HibernateSetup}'s naming: {@code attemptNumber} is
 * {@code attempt_number}, an embedded {@code billing.zipCode} is {@code billing_zip_code}), so each
 * entity lists its table's columns one a line. {@code @Column} says only
 * what the naming cannot: a write rule ({@code updatable = false}: set with the row and never
 * rewritten; {@code insertable = false}: left to the column's default on insert), which the writes
 * read to know what an insert and an update write, and the few names the naming would get wrong
 * (an embeddable's columns without its path, an element collection's, an {@code @IdClass} key's).
 * There is no {@code nullable} or {@code length}: they only feed schema generation, which Cobro never
 * runs (Flyway owns the schema, and Hibernate's validation checks names and types), and no write reads
 * them; the migrations hold the constraints.
 */
package dev.cobro.adapters.persistence.entity;
