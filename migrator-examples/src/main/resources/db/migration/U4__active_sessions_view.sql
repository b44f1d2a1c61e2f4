DROP VIEW active_sessions;
