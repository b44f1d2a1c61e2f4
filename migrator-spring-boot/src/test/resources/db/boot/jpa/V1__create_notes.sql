CREATE TABLE notes (id BIGINT PRIMARY KEY, body VARCHAR(200) NOT NULL);
INSERT INTO notes (id, body) VALUES (1, 'written by a migration');
