-- Several instances, one database (DESIGN.md): the guards live here, since the database is the
-- only thing the instances share.

-- At most one unfinished provider call per subject. A second write-ahead for the same payment or
-- authorization (a second resolver, a manual reverse racing the resolver, a retry racing the first
-- call) fails on this index and its caller answers from the record instead of calling the provider.
-- Rows written before this guard may hold several; all but the newest are closed as UNKNOWN first,
-- which is what the resolver would have made of them.
UPDATE cobro.provider_attempt a
   SET status = 'UNKNOWN',
       finished_at = now(),
       provider_message = 'closed when one unfinished call per subject became the rule; the provider may have processed it'
 WHERE a.status = 'REQUESTED'
   AND EXISTS (SELECT 1 FROM cobro.provider_attempt b
                WHERE b.subject_id = a.subject_id AND b.status = 'REQUESTED'
                  AND b.attempt_number > a.attempt_number);

CREATE UNIQUE INDEX uq_provider_attempt_one_requested
    ON cobro.provider_attempt (subject_id) WHERE status = 'REQUESTED';

-- The current provider token (88Pay's access_token and its session_id) per (provider, account),
-- shared by every instance, so that a merchant's token limit (10 a minute, 100 an hour) holds for
-- the whole group. Never in clear: sealed with AES-GCM under a key derived (HKDF-SHA256) from the
-- account's API key, so a reader of the database alone cannot use it. issued_at is the database's
-- clock, as is every age computed from it. generation changes with every new token: a 401 retires
-- exactly the token it names (compare-and-set), never a newer one.
CREATE TABLE cobro.provider_token (
    provider      varchar(32)  NOT NULL,
    account       varchar(64)  NOT NULL,
    generation    uuid,
    sealed        bytea,
    issued_at     timestamptz,
    reuse_seconds integer      CHECK (reuse_seconds >= 0),
    CONSTRAINT pk_provider_token PRIMARY KEY (provider, account),
    CONSTRAINT ck_provider_token_whole CHECK (
        (generation IS NULL AND sealed IS NULL AND issued_at IS NULL AND reuse_seconds IS NULL)
        OR (generation IS NOT NULL AND sealed IS NOT NULL AND issued_at IS NOT NULL AND reuse_seconds IS NOT NULL))
);
