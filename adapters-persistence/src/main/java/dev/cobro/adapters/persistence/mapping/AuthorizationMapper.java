package dev.cobro.adapters.persistence.mapping;

import dev.cobro.adapters.persistence.entity.AddressColumns;
import dev.cobro.adapters.persistence.entity.AuthorizationEntity;
import dev.cobro.adapters.persistence.entity.CardHolderColumns;
import dev.cobro.adapters.persistence.entity.InstrumentColumns;
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
import org.mapstruct.factory.Mappers;

import java.util.List;

/**
 * Authorizations to rows and back, generated, through their {@link AuthorizationSnapshot}. Only the
 * instrument's kind, masked value and token hash are written: the card data never reaches this mapper.
 */
@Mapper(config = EntityMapping.class, imports = PanMasking.class)
public interface AuthorizationMapper {

    AuthorizationMapper INSTANCE = Mappers.getMapper(AuthorizationMapper.class);

    /** The authorization's details are columns of its own row, by their names. */
    @Mapping(target = ".", source = "details")
    @Mapping(target = "holder", source = "details.cardHolder")
    AuthorizationEntity toEntity(AuthorizationSnapshot authorization);

    @Mapping(target = "details", source = "row")
    AuthorizationSnapshot toSnapshot(AuthorizationEntity row, List<StatusChange<AuthorizationStatus>> statusChanges);

    @Mapping(target = "cardHolder", source = "holder")
    AuthorizationDetails details(AuthorizationEntity row);

    // Declared rather than left to MapStruct's own sub-mapping: both are records, so ColumnValues's
    // record conversions would offer it a second way through a column value.
    InstrumentColumns toColumns(Instrument instrument);

    Instrument toInstrument(InstrumentColumns columns);

    AddressColumns toColumns(Address address);

    Address toAddress(AddressColumns columns);

    CardHolderColumns toColumns(CardHolder holder);

    CardHolder toCardHolder(CardHolderColumns columns);

    @Mapping(target = "providerMaskedPan", expression = "java(PanMasking.neverWhole(response.providerMaskedPan()))")
    ResponseColumns toColumns(ProviderResponse response);

    ProviderResponse toResponse(ResponseColumns columns);
}
