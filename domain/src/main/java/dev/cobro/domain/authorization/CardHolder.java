package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Text;
import dev.cobro.domain.shared.Violations;

/** Pay-me's {@code card_holder}: every field required, with the seed's lengths. */
public record CardHolder(String firstName, String lastName, String emailAddress, String identityDocumentCountry,
                         String identityDocumentType, String identityDocumentIdentifier) {

    public CardHolder {
        Violations v = new Violations();
        Text.required(v, "first_name", firstName, 50);
        Text.required(v, "last_name", lastName, 50);
        Text.email(v, "email_address", emailAddress, 60);
        Text.required(v, "identity_document_country", identityDocumentCountry, 50);
        Text.required(v, "identity_document_type", identityDocumentType, 30);
        Text.required(v, "identity_document_identifier", identityDocumentIdentifier, 20);
        v.throwIfAny();
    }
}
