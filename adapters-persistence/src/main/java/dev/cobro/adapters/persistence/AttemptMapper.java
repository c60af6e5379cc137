package dev.cobro.adapters.persistence;

import dev.cobro.domain.attempt.AttemptOperation;
import dev.cobro.domain.attempt.AttemptStatus;
import dev.cobro.domain.attempt.ProviderAttempt;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.domain.shared.TransactionKind;
import org.mapstruct.Mapper;
import org.mapstruct.ReportingPolicy;
import org.mapstruct.factory.Mappers;

import java.time.Duration;

/** Provider attempts to rows and back; attempts are rebuilt through {@link ProviderAttempt#restore}. */
@Mapper(unmappedTargetPolicy = ReportingPolicy.ERROR, imports = TimestampColumns.class)
interface AttemptMapper {

    AttemptMapper INSTANCE = Mappers.getMapper(AttemptMapper.class);

    /** By hand: MapStruct does not read a class's fluent accessors ({@code id()}), and the latency is derived. */
    default AttemptEntity toEntity(ProviderAttempt a) {
        AttemptEntity e = new AttemptEntity();
        e.id = a.id();
        e.subjectKind = a.subjectKind().code();
        e.subjectId = a.subjectId();
        e.provider = a.provider().value();
        e.account = a.account().value();
        e.operation = a.operation().name();
        e.number = a.number();
        e.status = a.status().name();
        e.startedAt = TimestampColumns.micros(a.startedAt());
        e.finishedAt = TimestampColumns.micros(a.finishedAt());
        e.latencyMs = e.finishedAt == null ? null : Duration.between(e.startedAt, e.finishedAt).toMillis();
        e.httpStatus = a.httpStatus();
        e.providerCode = a.providerCode();
        e.providerMessage = a.providerMessage();
        e.request = a.request();
        e.response = a.response();
        return e;
    }

    default ProviderAttempt restore(AttemptEntity e) {
        return ProviderAttempt.restore(e.id, TransactionKind.fromCode(e.subjectKind), e.subjectId,
                ProviderId.of(e.provider), AccountId.of(e.account), AttemptOperation.valueOf(e.operation), e.number,
                e.startedAt, e.request, AttemptStatus.valueOf(e.status), e.finishedAt, e.httpStatus, e.providerCode,
                e.providerMessage, e.response);
    }
}
