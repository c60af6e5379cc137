package dev.cobro.spring;

import dev.cobro.bootstrap.Cobro;

/**
 * A host's last word on the {@link Cobro.Builder} the auto-configuration prepared from {@code cobro.*}:
 * another provider adapter, a clock, resolver settings. Every bean of this type is applied, in order.
 */
@FunctionalInterface
public interface CobroBuilderCustomizer {

    void customize(Cobro.Builder builder);
}
