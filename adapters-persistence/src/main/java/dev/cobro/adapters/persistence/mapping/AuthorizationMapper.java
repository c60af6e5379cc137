package dev.cobro.adapters.persistence.mapping;

import dev.cobro.adapters.persistence.entity.AddressColumns;
import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.CardHolderColumns;
import dev.cobro.adapters.persistence.entity.ResponseColumns;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationSnapshot;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.shared.StatusChange;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

import java.util.List;

/**
 * Authorizations to rows and back, generated, through their {@link AuthorizationSnapshot}. Only the
 * instrument's kind, masked value and token hash are written: the card data never reaches this mapper.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR, uses = ColumnValues.class,
        imports = {PanMasking.class, dev.cobro.domain.shared.Money.class, java.util.Currency.class,
                dev.cobro.domain.authorization.CardSecret.class})
public interface AuthorizationMapper {

    AuthorizationMapper INSTANCE = Mappers.getMapper(AuthorizationMapper.class);

    @Mapping(target = "channel", source = "details.channel")
    @Mapping(target = "amount", source = "details.money.amount")
    @Mapping(target = "currency", source = "details.money.currency.currencyCode")
    @Mapping(target = "instrumentKind", source = "details.instrument.kind")
    @Mapping(target = "instrumentMasked", source = "details.instrument.masked")
    @Mapping(target = "instrumentTokenHash", source = "details.instrument.tokenHash")
    @Mapping(target = "holder", source = "details.cardHolder")
    @Mapping(target = "billing", source = "details.billing")
    @Mapping(target = "shipping", source = "details.shipping")
    @Mapping(target = "additionalFields", source = "details.additionalFields")
    @Mapping(target = "description", source = "details.description")
    @Mapping(target = "customerId", source = "details.customerId")
    AuthorizationEntity toEntity(AuthorizationSnapshot authorization);

    @Mapping(target = "details", source = "row")
    AuthorizationSnapshot toSnapshot(AuthorizationEntity row, List<StatusChange<AuthorizationStatus>> statusChanges);

    @Mapping(target = "money", expression = "java(Money.of(row.amount, Currency.getInstance(row.currency)))")
    @Mapping(target = "instrument", expression = "java(new Instrument(CardSecret.Kind.valueOf(row.instrumentKind),"
            + " row.instrumentMasked, row.instrumentTokenHash))")
    @Mapping(target = "cardHolder", source = "holder")
    AuthorizationDetails details(AuthorizationEntity row);

    AddressColumns toColumns(Address address);

    Address toAddress(AddressColumns columns);

    CardHolderColumns toColumns(CardHolder holder);

    CardHolder toCardHolder(CardHolderColumns columns);

    @Mapping(target = "providerMaskedPan", expression = "java(PanMasking.neverWhole(response.providerMaskedPan()))")
    ResponseColumns toColumns(ProviderResponse response);

    ProviderResponse toResponse(ResponseColumns columns);
}
