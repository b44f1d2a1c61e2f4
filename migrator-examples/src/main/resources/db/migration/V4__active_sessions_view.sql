-- Sessions that have not expired, with their user's email, for the admin screen.
CREATE VIEW active_sessions AS
SELECT s.id AS session_id,
       u.id AS user_id,
       u.email,
       s.user_agent,
       s.created_at,
       s.expires_at
FROM sessions s
JOIN users u ON u.id = s.user_id
WHERE s.expires_at > now();
