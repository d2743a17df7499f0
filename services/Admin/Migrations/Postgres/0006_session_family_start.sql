-- When a login's chain of refresh tokens began: the chain ends a fixed time after it, however often it is refreshed.
ALTER TABLE admin.user_sessions ADD COLUMN family_created_at timestamptz;

UPDATE admin.user_sessions s SET family_created_at = f.started
FROM (SELECT family_id, min(created_at) AS started FROM admin.user_sessions GROUP BY family_id) f
WHERE f.family_id = s.family_id;

ALTER TABLE admin.user_sessions ALTER COLUMN family_created_at SET NOT NULL;
