CREATE TABLE cp_a (id int primary key);
