CREATE TABLE users (
    id    bigint PRIMARY KEY,
    name  text NOT NULL
);
INSERT INTO users (id, name) VALUES (1, 'Ada'), (2, 'Grace');
