package dev.cobro.adapters.persistence;

import dev.cobro.domain.authorization.AdditionalFields;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.Authorization;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.AuthorizationDetails;
import dev.cobro.domain.authorization.AuthorizationId;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.shared.Description;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Authorizations to rows and back. Only the instrument's kind, masked value and token hash are
 * written: the card data never reaches this mapper.
 */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR, imports = PanMasking.class)
interface AuthorizationMapper {

    AuthorizationMapper INSTANCE = Mappers.getMapper(AuthorizationMapper.class);

    AddressColumns toColumns(Address address);

    Address toAddress(AddressColumns columns);

    CardHolderColumns toColumns(CardHolder holder);

    CardHolder toCardHolder(CardHolderColumns columns);

    @Mapping(target = "providerMaskedPan", expression = "java(PanMasking.neverWhole(response.providerMaskedPan()))")
    ResponseColumns toColumns(ProviderResponse response);

    ProviderResponse toResponse(ResponseColumns columns);

    default AuthorizationEntity toNewEntity(Authorization authorization) {
        AuthorizationDetails d = authorization.details();
        AuthorizationEntity e = new AuthorizationEntity();
        e.id = authorization.id().value();
        e.provider = authorization.provider().value();
        e.account = authorization.account().value();
        e.operationNumber = authorization.operationNumber().value();
        e.channel = d.channel().code();
        e.amount = d.money().amount();
        e.currency = d.money().currency().getCurrencyCode();
        e.instrumentKind = d.instrument().kind().name();
        e.instrumentMasked = d.instrument().masked();
        e.instrumentTokenHash = d.instrument().tokenHash();
        e.holder = toColumns(d.cardHolder());
        e.billing = toColumns(d.billing());
        e.shipping = toColumns(d.shipping());
        d.additionalFields().values().forEach((key, value) -> e.additionalFields.add(new AdditionalFieldColumns(key, value)));
        e.description = d.description() == null ? null : d.description().value();
        e.customerId = d.customerId() == null ? null : d.customerId().value();
        e.fingerprint = authorization.fingerprint();
        e.createdAt = TimestampColumns.micros(authorization.createdAt());
        e.version = authorization.version();
        writeState(authorization, e);
        return e;
    }

    /** What an authorization may change after its write-ahead. */
    default void writeState(Authorization authorization, AuthorizationEntity e) {
        e.status = authorization.status().name();
        e.response = ProviderResponse.NONE.equals(authorization.response()) ? null : toColumns(authorization.response());
        e.failedReversals = authorization.failedReversals();
        e.updatedAt = TimestampColumns.micros(authorization.updatedAt());
    }

    default Authorization restore(AuthorizationEntity e, List<StatusChangeEntity> changes) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (AdditionalFieldColumns field : e.additionalFields) {
            fields.put(field.key, field.value);
        }
        AuthorizationDetails details = new AuthorizationDetails(Channel.fromCode(e.channel),
                Money.of(e.amount, Currency.getInstance(e.currency)),
                new Instrument(CardSecret.Kind.valueOf(e.instrumentKind), e.instrumentMasked, e.instrumentTokenHash),
                toCardHolder(e.holder), toAddress(e.billing), toAddress(e.shipping),
                e.description == null ? null : new Description(e.description), new AdditionalFields(fields),
                e.customerId == null ? null : new CustomerId(e.customerId));
        ProviderResponse response = e.response == null ? ProviderResponse.NONE : toResponse(e.response);
        return Authorization.restore(new AuthorizationId(e.id), ProviderId.of(e.provider), AccountId.of(e.account),
                new OperationNumber(e.operationNumber), details, e.fingerprint, AuthorizationStatus.valueOf(e.status),
                response, e.failedReversals, e.createdAt, e.updatedAt,
                StatusChangeMapper.INSTANCE.restore(changes, AuthorizationStatus::valueOf), e.version);
    }
}
