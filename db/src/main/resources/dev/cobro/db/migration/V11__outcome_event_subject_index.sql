-- The claim asks, for each candidate, whether an earlier event of its subject is still pending. A
-- partial index on (subject_id, id) WHERE delivered_at IS NULL answered that only when the planner
-- chose it, and it does not when the table was analysed while nothing was pending (the usual
-- state of an outbox that keeps up): the pending set then looks empty, and the planner reads the
-- whole pending index (id) once per candidate instead, a claim's cost growing with the backlog.
-- This index has no predicate: the claim reads a subject's earlier events through it (a subject has
-- a handful, delivered ones included) and checks delivered_at on those rows, so no statistic about
-- pending events can steer that lookup to another index. It replaces the partial one.
-- IF NOT EXISTS: an operator may build it first with CREATE INDEX CONCURRENTLY under this name.
CREATE INDEX IF NOT EXISTS ix_outcome_event_subject ON cobro.outcome_event (subject_id, id);
DROP INDEX IF EXISTS cobro.ix_outcome_event_subject_pending;
