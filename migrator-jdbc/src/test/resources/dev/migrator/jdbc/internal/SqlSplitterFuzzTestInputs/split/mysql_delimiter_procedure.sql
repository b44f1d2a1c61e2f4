# MySQL / MariaDB script
-- a dash comment
CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(20) DEFAULT 'a;b', `odd;name` INT);
/*!40101 SET NAMES utf8mb4 */;
INSERT INTO t VALUES (1, 'it\'s; \\ fine', 5--3), (2, "dq \" ;", 0);
DELIMITER //
CREATE PROCEDURE p()
BEGIN
  SELECT 1; SELECT 2;
END //
DELIMITER ;
DELIMITER $$
CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.id = NEW.id + 1; END$$
delimiter ;
SELECT 1
