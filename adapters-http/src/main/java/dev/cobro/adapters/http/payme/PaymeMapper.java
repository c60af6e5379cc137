package dev.cobro.adapters.http.payme;

import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.CardHolder;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.Named;
import org.mapstruct.factory.Mappers;

/** Domain values to Pay-me's DTOs and back. Card data is not mapped here: it never enters the domain. */
@Mapper
interface PaymeMapper {

    PaymeMapper INSTANCE = Mappers.getMapper(PaymeMapper.class);

    /** {@code address.billing} / {@code address.shipping}: the flat domain address nests phone and location. */
    @Mapping(target = "phone", source = "address")
    @Mapping(target = "location", source = "address")
    PaymeChargeRequest.AddressDto address(Address address);

    @Mapping(target = "countryCode", source = "phoneCountryCode")
    @Mapping(target = "subscriber", source = "phoneSubscriber")
    PaymeChargeRequest.Phone phone(Address address);

    PaymeChargeRequest.Location location(Address address);

    PaymeChargeRequest.CardHolderDto cardHolder(CardHolder cardHolder);

    /**
     * The authorization's answer: {@code id}, {@code transaction.meta.processor.authorization.code}
     * and {@code .masked_pan}, {@code transaction.meta.status.code} and its first {@code message_ilgn}.
     */
    @Mapping(target = "providerTransactionId", source = "id")
    @Mapping(target = "authorizationCode", source = "transaction.meta.processor.authorization.code")
    @Mapping(target = "responseCode", source = "transaction.meta.status.code")
    @Mapping(target = "message", source = "transaction.meta.status", qualifiedByName = "firstMessage")
    @Mapping(target = "locale", source = "transaction.meta.status", qualifiedByName = "firstLocale")
    @Mapping(target = "providerMaskedPan", source = "transaction.meta.processor.authorization.maskedPan")
    ProviderResponse providerResponse(PaymeChargeResponse response);

    /** {@code message_ilgn} is a list of translations; the first is the one Pay-me leads with. */
    @Named("firstMessage")
    default String firstMessage(PaymeChargeResponse.Status status) {
        return status == null ? null : status.firstValue();
    }

    @Named("firstLocale")
    default String firstLocale(PaymeChargeResponse.Status status) {
        return status == null ? null : status.firstLocale();
    }
}
