package dev.cobro.adapters.http.payme;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /charges} in the seed's structure and field order. Lives only while one
 * authorization is prepared and sent: it holds the card data, so no {@code toString()} here shows it.
 */
@JsonPropertyOrder({"action", "channel", "payment_method", "transaction", "address", "card_holder"})
record PaymeChargeRequest(String action, String channel,
                          @JsonProperty("payment_method") PaymentMethod paymentMethod,
                          Transaction transaction,
                          AddressBlock address,
                          @JsonProperty("card_holder") List<CardHolderDto> cardHolder) {

    @Override
    public String toString() {
        return "PaymeChargeRequest[channel " + channel + ", " + paymentMethod + "]";
    }

    /** The seed sends {@code card} and {@code token} as arrays of one. */
    @JsonPropertyOrder({"card", "token"})
    record PaymentMethod(List<Card> card, List<Token> token) {

        @Override
        public String toString() {
            return card != null ? "card" : "token";
        }
    }

    @JsonPropertyOrder({"pan", "expiry_date", "security_code"})
    record Card(String pan, @JsonProperty("expiry_date") String expiryDate,
                @JsonProperty("security_code") String securityCode) {

        @Override
        public String toString() {
            return "Card[hidden]";
        }
    }

    @JsonPropertyOrder({"id", "security_code"})
    record Token(String id, @JsonProperty("security_code") String securityCode) {

        @Override
        public String toString() {
            return "Token[hidden]";
        }
    }

    @JsonPropertyOrder({"currency", "amount", "meta"})
    record Transaction(String currency, String amount, Meta meta) {
    }

    /** {@code additional_fields} keep the merchant's order; an empty map is not sent (seed example 2). */
    @JsonPropertyOrder({"internal_operation_number", "description", "additional_fields"})
    record Meta(@JsonProperty("internal_operation_number") String internalOperationNumber, String description,
                @JsonProperty("additional_fields") Map<String, String> additionalFields) {
    }

    @JsonPropertyOrder({"billing", "shipping"})
    record AddressBlock(AddressDto billing, AddressDto shipping) {
    }

    @JsonPropertyOrder({"id", "first_name", "last_name", "email", "phone", "location"})
    record AddressDto(String id, @JsonProperty("first_name") String firstName,
                      @JsonProperty("last_name") String lastName, String email, Phone phone, Location location) {
    }

    @JsonPropertyOrder({"country_code", "subscriber"})
    record Phone(@JsonProperty("country_code") String countryCode, String subscriber) {
    }

    @JsonPropertyOrder({"line_1", "line_2", "city", "state", "country", "zip_code"})
    record Location(@JsonProperty("line_1") String line1, @JsonProperty("line_2") String line2, String city,
                    String state, String country, @JsonProperty("zip_code") String zipCode) {
    }

    @JsonPropertyOrder({"first_name", "last_name", "email_address", "identity_document_country",
            "identity_document_type", "identity_document_identifier"})
    record CardHolderDto(@JsonProperty("first_name") String firstName, @JsonProperty("last_name") String lastName,
                         @JsonProperty("email_address") String emailAddress,
                         @JsonProperty("identity_document_country") String identityDocumentCountry,
                         @JsonProperty("identity_document_type") String identityDocumentType,
                         @JsonProperty("identity_document_identifier") String identityDocumentIdentifier) {
    }
}
