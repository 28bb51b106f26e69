-- The per-workspace MFA policy (issue 13, "Workspace policy").

-- Whether signing in to the workspace needs a confirmed second factor. Turning it on ends the sessions in
-- the workspace of its members without one; it is written by the same class as the rest of the row.
ALTER TABLE workspaces ADD COLUMN mfa_required boolean NOT NULL DEFAULT false;

-- The `enrolmentToken` a sign-in answers with when its workspace requires a second factor and the user has
-- none: only its keyed hash is stored; it is bound to the user and the workspace, lives minutes, allows a
-- few wrong codes and is used once, by the confirmation that starts the session.
CREATE TABLE mfa_enrolment_tokens (
    token_hash       text        PRIMARY KEY,
    user_id          uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id     uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    failed_attempts  integer     NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    consumed_at      timestamptz
);

CREATE INDEX mfa_enrolment_tokens_expires_at_idx ON mfa_enrolment_tokens (expires_at);
