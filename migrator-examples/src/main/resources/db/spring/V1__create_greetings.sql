CREATE TABLE greetings (id INT PRIMARY KEY, text VARCHAR(200) NOT NULL);
INSERT INTO greetings (id, text) VALUES (1, ${literal:greeting});
