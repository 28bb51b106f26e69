-- Sessions: the unit of trust. A session is what a sign-in starts; every refresh token of one family and
-- every access token carrying its id (the `sid` claim) belong to it, and die with it. A session started by a
-- workspace switch has the session it came from as parent and is ended together with it.

CREATE TABLE sessions (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    workspace_id   uuid        NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    parent_id      uuid        REFERENCES sessions (id) ON DELETE CASCADE,
    created_at     timestamptz NOT NULL DEFAULT now(),
    last_used_at   timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    ip             text        CHECK (length(ip) <= 64),
    user_agent     text        CHECK (length(user_agent) <= 512),
    revoked_at     timestamptz,
    revoked_reason text        CHECK (length(revoked_reason) <= 64)
);

CREATE INDEX sessions_user_id_idx ON sessions (user_id) WHERE revoked_at IS NULL;
CREATE INDEX sessions_parent_id_idx ON sessions (parent_id) WHERE parent_id IS NOT NULL;
CREATE INDEX sessions_revoked_at_idx ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;

-- Every refresh-token family of a release before this one becomes a session, so that nobody is signed out
-- by the upgrade. A family none of whose tokens is still active is recorded as an ended session.
INSERT INTO sessions (id, user_id, workspace_id, created_at, last_used_at, expires_at, revoked_at, revoked_reason)
SELECT family_id, (array_agg(user_id))[1], (array_agg(workspace_id))[1], min(created_at), max(created_at),
       max(expires_at),
       CASE WHEN bool_or(revoked_at IS NULL) THEN NULL ELSE max(revoked_at) END,
       CASE WHEN bool_or(revoked_at IS NULL) THEN NULL ELSE 'migrated' END
FROM refresh_tokens
GROUP BY family_id;

ALTER TABLE refresh_tokens
    ADD CONSTRAINT refresh_tokens_family_id_fkey FOREIGN KEY (family_id) REFERENCES sessions (id) ON DELETE CASCADE;

-- Tells every instance that a session ended, on the channel of the membership changes: payload
-- 'sid:<session_id>'. Instances keep the ids of recently ended sessions in memory and refuse their access
-- tokens at once.
CREATE FUNCTION notify_session_end() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('auth_membership_changed', 'sid:' || OLD.id::text);
    ELSE
        PERFORM pg_notify('auth_membership_changed', 'sid:' || NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER sessions_notify_end
    AFTER UPDATE OF revoked_at ON sessions
    FOR EACH ROW WHEN (OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL)
    EXECUTE FUNCTION notify_session_end();

CREATE TRIGGER sessions_notify_delete
    AFTER DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION notify_session_end();

-- A user who stops being active (suspended or deleted, by the library or by anything else that writes the
-- row) loses every session at once: their access tokens stop working everywhere.
CREATE FUNCTION end_sessions_of_inactive_user() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE ${flyway:defaultSchema}.sessions SET revoked_at = now(), revoked_reason = 'user_' || NEW.status
    WHERE user_id = NEW.id AND revoked_at IS NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER users_end_sessions_when_inactive
    AFTER UPDATE OF status ON users
    FOR EACH ROW WHEN (NEW.status <> 'active' AND OLD.status = 'active')
    EXECUTE FUNCTION end_sessions_of_inactive_user();
