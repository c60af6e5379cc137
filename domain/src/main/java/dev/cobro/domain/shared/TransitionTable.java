package dev.cobro.domain.shared;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** A state machine as data: for each status, the statuses it may move to. */
public final class TransitionTable<S extends Enum<S>> {

    private final String aggregate;
    private final Map<S, Set<S>> allowed;

    private TransitionTable(String aggregate, Map<S, Set<S>> allowed) {
        this.aggregate = aggregate;
        this.allowed = allowed;
    }

    public static <S extends Enum<S>> Builder<S> of(String aggregate, Class<S> type) {
        return new Builder<>(aggregate, type);
    }

    public boolean allows(S from, S to) {
        return allowed.get(from).contains(to);
    }

    public Set<S> targetsOf(S from) {
        return Collections.unmodifiableSet(allowed.get(from));
    }

    public void check(S from, S to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(aggregate, from, to);
        }
    }

    public static final class Builder<S extends Enum<S>> {
        private final String aggregate;
        private final Class<S> type;
        private final Map<S, Set<S>> allowed;

        private Builder(String aggregate, Class<S> type) {
            this.aggregate = aggregate;
            this.type = type;
            this.allowed = new EnumMap<>(type);
            for (S s : type.getEnumConstants()) {
                allowed.put(s, EnumSet.noneOf(type));
            }
        }

        @SafeVarargs
        public final Builder<S> from(S from, S... to) {
            allowed.get(from).addAll(Set.of(to));
            return this;
        }

        public TransitionTable<S> build() {
            Map<S, Set<S>> frozen = new EnumMap<>(type);
            allowed.forEach((k, v) -> frozen.put(k, Collections.unmodifiableSet(EnumSet.copyOf(v.isEmpty() ? EnumSet.noneOf(type) : v))));
            return new TransitionTable<>(aggregate, frozen);
        }
    }
}
