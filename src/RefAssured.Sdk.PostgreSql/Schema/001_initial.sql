-- Version 1 of the inbox schema. {schema} stands for the schema's quoted name.
--
-- One row per delivery, from its append until retention deletes it. state:
--   1 pending          waiting to be claimed, from available_at (its append or release time)
--   2 in flight        claimed by lease_owner with lease_token until available_at (the lease's
--                      expiry); claimable again by any instance once that time has passed
--   3 retry scheduled  failed; claimable from available_at (its retry time)
--   4 dead-lettered    failed for good; kept until replayed, purged or past its retention
--   5 completed        every handler succeeded; kept for the audit until past its retention,
--                      body set to NULL sooner when the completed-body retention says so
-- lease_owner names the instance holding the lease, and stays on a completed row to tell which
-- instance handled it.
-- attempt counts processing attempts from 1: a claim of a retry adds one, a claim after a
-- release or a lease expiry does not.

CREATE TABLE {schema}.deliveries (
    delivery_id        text        PRIMARY KEY,
    event_type         text        NOT NULL,
    received_at        timestamptz NOT NULL,
    route_keys         text[]      NOT NULL DEFAULT '{}',
    route_values       text[]      NOT NULL DEFAULT '{}',
    trace_parent       text,
    body               bytea,
    state              smallint    NOT NULL CHECK (state BETWEEN 1 AND 5),
    attempt            integer     NOT NULL DEFAULT 1,
    completed_handlers text[]      NOT NULL DEFAULT '{}',
    available_at       timestamptz NOT NULL,
    lease_owner        text,
    lease_token        uuid,
    last_error         text,
    dead_lettered_at   timestamptz,
    completed_at       timestamptz
);

-- The claim query: due rows of the claimable states, oldest available first.
CREATE INDEX deliveries_claimable ON {schema}.deliveries (available_at) WHERE state IN (1, 2, 3);

-- Dead letters, listed oldest received first and deleted past their retention.
CREATE INDEX deliveries_dead_letters ON {schema}.deliveries (dead_lettered_at) WHERE state = 4;

-- Retention of completed rows, and of their bodies.
CREATE INDEX deliveries_completed ON {schema}.deliveries (completed_at) WHERE state = 5;
CREATE INDEX deliveries_completed_bodies ON {schema}.deliveries (completed_at) WHERE state = 5 AND body IS NOT NULL;
