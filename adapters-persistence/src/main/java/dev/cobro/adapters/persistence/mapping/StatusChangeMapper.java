package dev.cobro.adapters.persistence.mapping;

import dev.cobro.adapters.persistence.entity.OutcomeEventEntity;
import dev.cobro.adapters.persistence.entity.StatusChangeEntity;
import dev.cobro.application.port.out.OutcomeEvent;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;
import org.mapstruct.factory.Mappers;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Status changes of either aggregate to rows and back. A change knows neither its subject nor its
 * position: the row is keyed by both.
 */
@Mapper(config = EntityMapping.class, imports = TimestampColumns.class)
public interface StatusChangeMapper {

    StatusChangeMapper INSTANCE = Mappers.getMapper(StatusChangeMapper.class);

    /**
     * The row of a subject's change at {@code position}, its time cut to microseconds. By hand for the
     * same reason as {@link #restore}.
     */
    default StatusChangeEntity toEntity(TransactionKind kind, UUID subjectId, int position, StatusChange<?> change) {
        StatusChangeEntity e = new StatusChangeEntity();
        e.subjectKind = kind.code();
        e.subjectId = subjectId;
        e.position = position;
        e.fromStatus = change.from() == null ? null : change.from().name();
        e.toStatus = change.to().name();
        e.reason = change.reason();
        e.changedAt = TimestampColumns.micros(change.at());
        return e;
    }

    /** The outcome event of a change: what the change says, and what its subject carries besides. */
    @Mapping(target = "id", ignore = true)
    @Mapping(target = "subjectKind", source = "change.subjectKind")
    @Mapping(target = "subjectId", source = "change.subjectId")
    @Mapping(target = "occurredAt", source = "change.changedAt")
    @Mapping(target = "deliveredAt", ignore = true)
    @Mapping(target = "deliveryTries", ignore = true)
    @Mapping(target = "nextAttemptAt", ignore = true)
    @Mapping(target = "lastError", ignore = true)
    OutcomeEventEntity toEvent(EventSubject subject, StatusChangeEntity change);

    /** An event as the outbox hands it to the dispatcher. */
    @Mapping(target = "kind", source = "subjectKind")
    @Mapping(target = "from", source = "fromStatus")
    @Mapping(target = "to", source = "toStatus")
    OutcomeEvent toOutcomeEvent(OutcomeEventEntity event);

    /** The subject's flags, comma-separated in their column ('' for none). */
    default Set<String> flags(String flags) {
        return flags == null || flags.isEmpty() ? Set.of() : Set.copyOf(Arrays.asList(flags.split(",")));
    }

    /**
     * By hand: a change's status type is the aggregate's own enum, which MapStruct cannot take as a
     * type parameter.
     */
    default <S extends Enum<S>> List<StatusChange<S>> restore(List<StatusChangeEntity> rows, Function<String, S> status) {
        return rows.stream()
                .map(r -> new StatusChange<>(r.fromStatus == null ? null : status.apply(r.fromStatus),
                        status.apply(r.toStatus), r.reason, r.changedAt))
                .toList();
    }
}
