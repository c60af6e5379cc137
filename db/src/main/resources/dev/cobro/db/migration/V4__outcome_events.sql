-- Outcome events: how the host learns (DESIGN.md, "Outcome events"). One row per status change,
-- written in the same transaction as the change, so none is lost and none is invented. The id
-- gives the delivery order; within one subject it is also the order of the changes, because the
-- writers of one subject are serialised by its row. Delivered rows are kept (they are history)
-- until pruned by age.
CREATE TABLE cobro.outcome_event (
    id              bigserial     PRIMARY KEY,
    subject_kind    varchar(24)   NOT NULL CHECK (subject_kind IN ('checkout_payment', 'card_authorization')),
    subject_id      uuid          NOT NULL,
    provider        varchar(32)   NOT NULL,
    account         varchar(64)   NOT NULL DEFAULT 'default',
    -- The merchant reference of a checkout payment, the operation number of an authorization.
    reference       varchar(64)   NOT NULL,
    from_status     varchar(24),
    to_status       varchar(24)   NOT NULL,
    reason          text          NOT NULL,
    -- The subject's flags after the change (e.g. LATE_NOTIFICATION), comma-separated; '' for none.
    flags           varchar(128)  NOT NULL DEFAULT '',
    occurred_at     timestamptz   NOT NULL,
    delivered_at    timestamptz,
    delivery_tries  integer       NOT NULL DEFAULT 0,
    -- After a listener failed: not before this time (null: at once).
    next_attempt_at timestamptz,
    -- The failed listener's exception class (never its message: a host's message may hold anything).
    last_error      varchar(255)
);

-- The dispatcher's claim: pending events in id order, and the earlier pending events of a subject.
CREATE INDEX ix_outcome_event_pending ON cobro.outcome_event (id) WHERE delivered_at IS NULL;
CREATE INDEX ix_outcome_event_subject_pending ON cobro.outcome_event (subject_id, id) WHERE delivered_at IS NULL;
-- Pruning delivered events by age.
CREATE INDEX ix_outcome_event_delivered ON cobro.outcome_event (delivered_at) WHERE delivered_at IS NOT NULL;
