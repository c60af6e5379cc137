package dev.cobro.adapters.persistence.mapping;

import org.mapstruct.MapperConfig;
import org.mapstruct.ReportingPolicy;

/**
 * What every entity mapper shares: a column no mapping fills is an error at build time, and the
 * domain's values become column values (and back) in one place, {@link ColumnValues}.
 */
@MapperConfig(unmappedTargetPolicy = ReportingPolicy.ERROR, uses = ColumnValues.class)
interface EntityMapping {
}
