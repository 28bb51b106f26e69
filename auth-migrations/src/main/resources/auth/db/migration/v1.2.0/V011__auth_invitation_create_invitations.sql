-- Workspace invitations: an owner or admin invites an email address into a workspace with a role. Only a
-- keyed hash of the mailed token is stored. An invitation is pending while neither accepted nor revoked
-- and not expired; accepting it locks its row, so two concurrent accepts have one winner.
CREATE TABLE workspace_invitations (
    id           uuid        PRIMARY KEY,
    workspace_id uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    email        text        NOT NULL CHECK (length(email) BETWEEN 3 AND 320),
    role         text        NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
    token_hash   text        NOT NULL,
    invited_by   uuid        REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    accepted_at  timestamptz,
    accepted_by  uuid        REFERENCES users (id) ON DELETE SET NULL,
    revoked_at   timestamptz
);

CREATE UNIQUE INDEX workspace_invitations_token_hash_key ON workspace_invitations (token_hash);
CREATE INDEX workspace_invitations_workspace_id_idx ON workspace_invitations (workspace_id, created_at);
