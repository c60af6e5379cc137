package dev.cobro.adapters.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Pay-me's card_holder, as columns of cobro.card_authorization. */
@Embeddable
class CardHolderColumns {

    @Column(name = "holder_first_name", nullable = false, length = 50)
    public String firstName;

    @Column(name = "holder_last_name", nullable = false, length = 50)
    public String lastName;

    @Column(name = "holder_email_address", nullable = false, length = 60)
    public String emailAddress;

    @Column(name = "holder_identity_document_country", nullable = false, length = 50)
    public String identityDocumentCountry;

    @Column(name = "holder_identity_document_type", nullable = false, length = 30)
    public String identityDocumentType;

    @Column(name = "holder_identity_document_identifier", nullable = false, length = 20)
    public String identityDocumentIdentifier;

    CardHolderColumns() {
    }
}
