-- second convention
CREATE TABLE cp_b (id int primary key);
INSERT INTO cp_b VALUES (7);
