package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/**
 * Pay-me's card_holder, as columns of cobro.card_authorization ({@code holder_first_name}, ...), set
 * once with the row.
 */
@Embeddable
public record CardHolderColumns(@Column(updatable = false) String firstName,
                                @Column(updatable = false) String lastName,
                                @Column(updatable = false) String emailAddress,
                                @Column(updatable = false) String identityDocumentCountry,
                                @Column(updatable = false) String identityDocumentType,
                                @Column(updatable = false) String identityDocumentIdentifier) {
}
