-- A second factor: TOTP (RFC 6238), recovery codes, and the challenge between the first and second factor.

-- A user's TOTP secret, AES-GCM encrypted (`secret_ciphertext` = 12-byte nonce || ciphertext || tag) under
-- the key named by `key_id`. A row without `confirmed_at` is an enrolment not yet confirmed with a code.
-- `last_used_step` is the time step of the last accepted code: a code is accepted only for a later step,
-- by one conditional UPDATE, so a replay (or two concurrent uses) has one winner.
CREATE TABLE mfa_totp (
    user_id            uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret_ciphertext  bytea       NOT NULL,
    key_id             text        NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
    created_at         timestamptz NOT NULL DEFAULT now(),
    confirmed_at       timestamptz,
    last_used_step     bigint      NOT NULL DEFAULT 0
);

-- Recovery codes: only their hashes; each is used once (`used_at`).
CREATE TABLE mfa_recovery_codes (
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

-- The `mfaToken` a sign-in answers with when the user has a second factor: only its hash is stored; it is
-- used once, lives minutes and allows a few wrong codes.
CREATE TABLE mfa_challenges (
    token_hash       text        PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    method           text        NOT NULL CHECK (length(method) BETWEEN 1 AND 64),
    failed_attempts  integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    consumed_at      timestamptz
);

CREATE INDEX mfa_challenges_expires_at_idx ON mfa_challenges (expires_at);
