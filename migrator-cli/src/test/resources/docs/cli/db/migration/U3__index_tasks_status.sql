DROP INDEX tasks_status;
