-- Tells every instance that a membership or a user's status changed, whatever wrote the row (the library,
-- an admin script, a migration): an AFTER trigger sends pg_notify('auth_membership_changed', payload), which
-- PostgreSQL delivers to listeners when the transaction commits. Payload: '<workspace_id>:<user_id>' for a
-- membership row, '*:<user_id>' for a user, '*:*' when either table is truncated (TRUNCATE fires no row
-- trigger). The optional membership cache of each instance listens and
-- drops the matching entries.

CREATE FUNCTION notify_membership_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'workspace_members' THEN
        IF TG_OP = 'DELETE' THEN
            PERFORM pg_notify('auth_membership_changed', OLD.workspace_id::text || ':' || OLD.user_id::text);
        ELSE
            PERFORM pg_notify('auth_membership_changed', NEW.workspace_id::text || ':' || NEW.user_id::text);
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('auth_membership_changed', '*:' || OLD.id::text);
    ELSE
        PERFORM pg_notify('auth_membership_changed', '*:' || NEW.id::text);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER workspace_members_notify_change
    AFTER INSERT OR UPDATE OR DELETE ON workspace_members
    FOR EACH ROW EXECUTE FUNCTION notify_membership_change();

CREATE TRIGGER users_notify_status_change
    AFTER UPDATE OF status OR DELETE ON users
    FOR EACH ROW EXECUTE FUNCTION notify_membership_change();

CREATE FUNCTION notify_membership_truncate() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('auth_membership_changed', '*:*');
    RETURN NULL;
END
$$;

CREATE TRIGGER workspace_members_notify_truncate
    AFTER TRUNCATE ON workspace_members
    FOR EACH STATEMENT EXECUTE FUNCTION notify_membership_truncate();

CREATE TRIGGER users_notify_truncate
    AFTER TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION notify_membership_truncate();
