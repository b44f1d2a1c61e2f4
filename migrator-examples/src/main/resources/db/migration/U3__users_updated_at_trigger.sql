DROP TRIGGER trg_users_updated_at ON users;
DROP FUNCTION set_updated_at();
