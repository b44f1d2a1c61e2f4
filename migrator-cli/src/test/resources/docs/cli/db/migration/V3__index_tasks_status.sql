CREATE INDEX tasks_status ON tasks (status);
