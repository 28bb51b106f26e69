-- Brute-force and abuse counters, shared by every instance of the host app through the database.
-- One row per key (for example 'login:account:<hash of email>' or 'login:ip:<address>'): a fixed-window
-- counter updated by a single INSERT ... ON CONFLICT statement, so concurrent hits never lose a count.
-- Keys never hold an email or token in clear: the library hashes account identifiers before use.

CREATE TABLE throttle_counters (
    key          text        PRIMARY KEY CHECK (length(key) <= 200),
    window_start timestamptz NOT NULL,
    hits         integer     NOT NULL CHECK (hits >= 0),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX throttle_counters_updated_at_idx ON throttle_counters (updated_at);
