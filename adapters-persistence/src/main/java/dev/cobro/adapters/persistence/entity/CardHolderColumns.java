package dev.cobro.adapters.persistence.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Pay-me's card_holder, as columns of cobro.card_authorization, set once with the row. */
@Embeddable
public record CardHolderColumns(
        @Column(name = "holder_first_name", updatable = false, nullable = false, length = 50) String firstName,
        @Column(name = "holder_last_name", updatable = false, nullable = false, length = 50) String lastName,
        @Column(name = "holder_email_address", updatable = false, nullable = false, length = 60) String emailAddress,
        @Column(name = "holder_identity_document_country", updatable = false, nullable = false, length = 50)
        String identityDocumentCountry,
        @Column(name = "holder_identity_document_type", updatable = false, nullable = false, length = 30)
        String identityDocumentType,
        @Column(name = "holder_identity_document_identifier", updatable = false, nullable = false, length = 20)
        String identityDocumentIdentifier) {
}
