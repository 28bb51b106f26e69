-- Sign-in with identity providers (GitHub, Google, OpenID Connect single sign-on).

-- A provider's account linked to a user. The provider's subject (its stable user id) belongs to one user:
-- the primary key makes that a database guarantee, even when two first sign-ins race.
CREATE TABLE user_identities (
    provider      text        NOT NULL CHECK (length(provider) BETWEEN 1 AND 64),
    subject       text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    email         text        CHECK (length(email) <= 320),
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (provider, subject)
);

CREATE INDEX user_identities_user_id_idx ON user_identities (user_id);

-- An authorization request in flight: the hash of its `state`, the hash of the random value in the
-- browser's binding cookie, and the PKCE verifier and nonce the callback needs. Consumed once; lives
-- minutes. The verifier and nonce are useless without the provider's code, which only the browser gets.
CREATE TABLE oauth_authorizations (
    state_hash     text        PRIMARY KEY,
    binding_hash   text        NOT NULL,
    provider       text        NOT NULL CHECK (length(provider) BETWEEN 1 AND 64),
    code_verifier  text        NOT NULL,
    nonce          text        NOT NULL,
    redirect_uri   text        NOT NULL CHECK (length(redirect_uri) <= 2048),
    workspace_id   uuid,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    consumed_at    timestamptz
);

CREATE INDEX oauth_authorizations_expires_at_idx ON oauth_authorizations (expires_at);

-- The one-time code the callback hands the front end in the URL fragment, exchanged for tokens by
-- POST /auth/oauth/exchange. Only its hash is stored; it is used once and lives a minute.
CREATE TABLE oauth_exchange_codes (
    code_hash     text        PRIMARY KEY,
    user_id       uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id  uuid        REFERENCES workspaces (id) ON DELETE CASCADE,
    provider      text        NOT NULL CHECK (length(provider) BETWEEN 1 AND 64),
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    consumed_at   timestamptz
);

CREATE INDEX oauth_exchange_codes_expires_at_idx ON oauth_exchange_codes (expires_at);
