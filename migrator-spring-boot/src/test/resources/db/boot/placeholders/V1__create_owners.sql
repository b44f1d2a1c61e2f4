CREATE TABLE owners (name VARCHAR(100) NOT NULL);
INSERT INTO owners (name) VALUES (${literal:owner});
