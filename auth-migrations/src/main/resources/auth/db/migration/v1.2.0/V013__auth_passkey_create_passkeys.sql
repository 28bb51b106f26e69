-- Passkeys (WebAuthn): a user's registered credentials, and the single-use challenges of the ceremonies.

-- A registered passkey. `credential_id` is the authenticator's credential id (raw bytes); `attested_credential_data`
-- holds the AAGUID, credential id and COSE public key as webauthn4j encodes them; `sign_count` is the last
-- counter seen, raised by a conditional UPDATE so a regression (a cloned authenticator) is detected.
CREATE TABLE passkey_credentials (
    id                        uuid        PRIMARY KEY,
    user_id                   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    credential_id             bytea       NOT NULL UNIQUE CHECK (octet_length(credential_id) BETWEEN 1 AND 1023),
    attested_credential_data  bytea       NOT NULL,
    sign_count                bigint      NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
    transports                text,
    uv_initialized            boolean     NOT NULL,
    backup_eligible           boolean     NOT NULL,
    backed_up                 boolean     NOT NULL,
    name                      text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    created_at                timestamptz NOT NULL DEFAULT now(),
    last_used_at              timestamptz
);

CREATE INDEX passkey_credentials_user_id_idx ON passkey_credentials (user_id);

-- A challenge of a registration or authentication ceremony: only its HMAC is stored. It is used once, by one
-- conditional UPDATE (`consumed_at IS NULL AND expires_at > now`), so of two racing verifications one wins.
-- `user_id` is the registering user, or the user of a second-factor sign-in; null for usernameless sign-in.
CREATE TABLE passkey_challenges (
    challenge_hash  text        PRIMARY KEY,
    purpose         text        NOT NULL CHECK (purpose IN ('registration', 'authentication')),
    user_id         uuid        REFERENCES users (id) ON DELETE CASCADE,
    created_at      timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL,
    consumed_at     timestamptz
);

CREATE INDEX passkey_challenges_expires_at_idx ON passkey_challenges (expires_at);
