package dev.cobro.adapters.persistence.mapping;

import dev.cobro.adapters.persistence.entity.AttemptEntity;
import dev.cobro.domain.attempt.AttemptSnapshot;
import dev.cobro.domain.attempt.ProviderAttempt;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

/** Provider attempts to rows and back, generated, through their {@link AttemptSnapshot}. */
@Mapper(config = EntityMapping.class, imports = TimestampColumns.class)
public interface AttemptMapper {

    AttemptMapper INSTANCE = Mappers.getMapper(AttemptMapper.class);

    /** The latency is the row's own column, derived from the two instants as they are stored. */
    @Mapping(target = "attemptNumber", source = "number")
    @Mapping(target = "latencyMs",
            expression = "java(TimestampColumns.millisBetween(attempt.startedAt(), attempt.finishedAt()))")
    AttemptEntity toEntity(AttemptSnapshot attempt);

    @Mapping(target = "number", source = "attemptNumber")
    AttemptSnapshot toSnapshot(AttemptEntity row);

    default ProviderAttempt restore(AttemptEntity row) {
        return ProviderAttempt.restore(toSnapshot(row));
    }
}
