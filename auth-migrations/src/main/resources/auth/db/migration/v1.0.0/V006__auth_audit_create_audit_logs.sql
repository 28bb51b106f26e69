-- Append-only record of security events. Never holds a password, token, code or any hash of them.

CREATE TABLE audit_logs (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT now(),
    workspace_id uuid,
    user_id      uuid,
    event_type   text        NOT NULL,
    outcome      text        NOT NULL CHECK (outcome IN ('success', 'failure', 'denied')),
    ip           text,
    user_agent   text,
    details      jsonb       NOT NULL DEFAULT '{}'::jsonb
);

CREATE INDEX audit_logs_workspace_id_idx ON audit_logs (workspace_id, occurred_at DESC);
CREATE INDEX audit_logs_user_id_idx ON audit_logs (user_id, occurred_at DESC);
CREATE INDEX audit_logs_event_type_idx ON audit_logs (event_type, occurred_at DESC);
