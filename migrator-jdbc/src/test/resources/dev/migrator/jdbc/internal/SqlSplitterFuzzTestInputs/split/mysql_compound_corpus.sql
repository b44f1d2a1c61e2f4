-- MySQL/MariaDB statements for MysqlCompoundSplitTest (issue 17, item 1). Each statement ends on a line of its own
-- and is followed by a line "-- ---": the test expects the splitter to return exactly the text between two such
-- lines (less DELIMITER lines and the trailing delimiter), starting at its first line.
-- ---
CREATE TABLE t (id INT PRIMARY KEY, a INT, `end` INT, `begin` VARCHAR(10), end_date DATE, begin_at DATE);
-- ---
CREATE PROCEDURE p()
BEGIN
  DECLARE c INT;
  SELECT 1 INTO c;
END;
-- ---
CALL p();
-- ---
BEGIN;
-- ---
INSERT INTO t (id, a) VALUES (1, 1);
-- ---
COMMIT;
-- ---
BEGIN WORK;
-- ---
ROLLBACK;
-- ---
begin
;
-- ---
START TRANSACTION;
-- ---
COMMIT WORK;
-- ---
CREATE OR REPLACE PROCEDURE add_row(IN n INT)
  COMMENT 'adds; a row END;'
  MODIFIES SQL DATA
  SQL SECURITY INVOKER
BEGIN
  INSERT INTO t (id, a) VALUES (n, n * 2); -- END; in a comment
  /* END IF; END LOOP; */
  # END;
  SELECT 'END;', "BEGIN; END", `end`, `begin`, end_date, begin_at FROM t WHERE t.end = 1;
END;
-- ---
CREATE DEFINER = `root`@`localhost` PROCEDURE IF NOT EXISTS defined_by()
  SQL SECURITY DEFINER
BEGIN
  SELECT CURRENT_USER();
END;
-- ---
CREATE DEFINER='root'@'%' PROCEDURE quoted_definer() SELECT 1;
-- ---
CREATE DEFINER=CURRENT_USER PROCEDURE current_definer()
BEGIN
  SELECT 1;
END;
-- ---
CREATE DEFINER=CURRENT_USER() PROCEDURE current_definer_call() NOT DETERMINISTIC CONTAINS SQL
BEGIN
  SELECT 2;
END;
-- ---
CREATE DEFINER = root@localhost FUNCTION unquoted_definer() RETURNS INT DETERMINISTIC RETURN 7;
-- ---
CREATE FUNCTION f() RETURNS INT RETURN 1;
-- ---
CREATE FUNCTION f_case(x INT) RETURNS VARCHAR(10) CHARSET utf8mb4 DETERMINISTIC
RETURN CASE WHEN x > 0 THEN 'pos' WHEN x < 0 THEN 'neg' ELSE 'zero' END;
-- ---
CREATE FUNCTION f_if(x INT) RETURNS INT DETERMINISTIC RETURN IF(x > 0, REPEAT('a', x) IS NOT NULL, 0);
-- ---
CREATE FUNCTION f_body(x DECIMAL(10, 2)) RETURNS DECIMAL(10, 2) UNSIGNED
  DETERMINISTIC
  READS SQL DATA
BEGIN
  DECLARE r DECIMAL(10, 2) DEFAULT 0;
  IF x > 10 THEN
    SET r = x;
  ELSEIF x > 5 THEN
    SET r = x * 2;
  ELSE
    SET r = IF(x > 1, x, 1);
  END IF;
  RETURN r;
END;
-- ---
CREATE AGGREGATE FUNCTION agg_sum(x INT) RETURNS INT
BEGIN
  DECLARE s INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR NOT FOUND RETURN s;
  LOOP
    FETCH GROUP NEXT ROW;
    SET s = s + x;
  END LOOP;
END;
-- ---
CREATE TRIGGER tr_simple BEFORE INSERT ON t FOR EACH ROW SET NEW.a = 1;
-- ---
CREATE TRIGGER tr_block BEFORE UPDATE ON t FOR EACH ROW
BEGIN
  IF NEW.a < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'a must not be negative; END IF;';
  END IF;
  SET NEW.end_date = CURRENT_DATE;
END;
-- ---
CREATE TRIGGER tr_if AFTER DELETE ON t FOR EACH ROW
IF OLD.a > 0 THEN
  INSERT INTO t (id, a) VALUES (OLD.id + 1000, OLD.a);
END IF;
-- ---
CREATE TRIGGER tr_follows BEFORE INSERT ON t FOR EACH ROW FOLLOWS tr_simple
BEGIN
  SET NEW.a = NEW.a + 1;
END;
-- ---
CREATE DEFINER=`root`@`localhost` TRIGGER IF NOT EXISTS tr_precedes BEFORE INSERT ON t FOR EACH ROW PRECEDES `tr_simple`
SET NEW.begin_at = CURRENT_DATE;
-- ---
CREATE EVENT ev_simple ON SCHEDULE EVERY 1 HOUR DO DELETE FROM t WHERE a IS NULL;
-- ---
CREATE EVENT IF NOT EXISTS ev_block
  ON SCHEDULE AT CURRENT_TIMESTAMP + INTERVAL 1 DAY
  ON COMPLETION NOT PRESERVE
  ENABLE
  COMMENT 'runs once; then END;'
  DO
BEGIN
  DECLARE n INT DEFAULT 0;
  WHILE n < 3 DO
    INSERT INTO t (id, a) VALUES (2000 + n, n);
    SET n = n + 1;
  END WHILE;
END;
-- ---
CREATE DEFINER = CURRENT_USER EVENT ev_definer ON SCHEDULE EVERY 1 DAY STARTS '2026-01-01 00:00:00' DO
  UPDATE t SET a = a + 1;
-- ---
CREATE PROCEDURE labels()
outer_block: BEGIN
  DECLARE i INT DEFAULT 0;
  counting: LOOP
    SET i = i + 1;
    IF i < 3 THEN
      ITERATE counting;
    END IF;
    IF i >= 5 THEN
      LEAVE counting;
    END IF;
  END LOOP counting;
  inner_block: BEGIN
    LEAVE outer_block;
  END inner_block;
END outer_block;
-- ---
CREATE PROCEDURE `backtick label`()
`b1`: BEGIN
  SELECT 1;
END `b1`;
-- ---
CREATE PROCEDURE loops(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  REPEAT
    SET i = i + 1;
  UNTIL i >= n END REPEAT;
  r2: REPEAT
    SET i = i - 1;
  UNTIL i <= 0 OR CASE WHEN n > 100 THEN 1 ELSE 0 END = 1
  END REPEAT r2;
  WHILE i < n DO
    WHILE i < 2 DO
      SET i = i + 1;
    END WHILE;
    SET i = i + 1;
  END WHILE;
  SELECT REPEAT('x', n), IF(n > 1, 'many', 'one');
END;
-- ---
CREATE PROCEDURE cases(IN x INT, OUT y VARCHAR(20))
BEGIN
  CASE x
    WHEN 1 THEN SET y = 'one';
    WHEN 2 THEN
      BEGIN
        SET y = CASE WHEN x = 2 THEN 'two' ELSE '?' END;
      END;
    ELSE
      CASE
        WHEN x > 100 THEN SET y = 'big';
        ELSE SET y = (SELECT CASE x WHEN 3 THEN 'three' END);
      END CASE;
  END CASE;
END;
-- ---
CREATE PROCEDURE handlers()
BEGIN
  DECLARE done INT DEFAULT FALSE;
  DECLARE v INT;
  DECLARE cur CURSOR FOR SELECT a FROM t WHERE a > 0 FOR UPDATE;
  DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = TRUE;
  DECLARE CONTINUE HANDLER FOR SQLSTATE VALUE '23000', 1062, SQLWARNING
    BEGIN
      SET done = done;
    END;
  DECLARE EXIT HANDLER FOR SQLEXCEPTION
    BEGIN
      ROLLBACK;
      RESIGNAL;
    END;
  DECLARE CONTINUE HANDLER FOR 1146
    IF v IS NULL THEN
      SET v = 0;
    END IF;
  OPEN cur;
  read_loop: LOOP
    FETCH cur INTO v;
    IF done THEN
      LEAVE read_loop;
    END IF;
  END LOOP;
  CLOSE cur;
END;
-- ---
CREATE PROCEDURE dynamic(IN tbl VARCHAR(64))
BEGIN
  SET @s = CONCAT('SELECT COUNT(*) INTO @n FROM ', tbl, '; END;');
  PREPARE stmt FROM @s;
  EXECUTE stmt;
  DEALLOCATE PREPARE stmt;
END;
-- ---
SET @s = 'INSERT INTO t (id, a) VALUES (3000, 1)';
-- ---
PREPARE stmt FROM @s;
-- ---
EXECUTE stmt;
-- ---
DEALLOCATE PREPARE stmt;
-- ---
BEGIN NOT ATOMIC
  DECLARE x INT DEFAULT 1;
  IF x = 1 THEN
    SELECT 'not atomic';
  END IF;
END;
-- ---
begin not atomic select 1; end;
-- ---
anon: BEGIN NOT ATOMIC
  SELECT 2;
  LEAVE anon;
END anon;
-- ---
IF (SELECT COUNT(*) FROM t) > 0 THEN
  SELECT 'rows';
ELSE
  SELECT 'none';
END IF;
-- ---
FOR i IN 1..3 DO
  INSERT INTO t (id, a) VALUES (4000 + i, i);
END FOR;
-- ---
CREATE PROCEDURE for_loop()
BEGIN
  FOR r IN (SELECT id FROM t) DO
    SELECT r.id;
  END FOR;
END;
-- ---
CREATE PROCEDURE nested()
BEGIN
  BEGIN
    BEGIN
      IF 1 THEN
        IF 2 THEN
          CASE WHEN 3 THEN
            LOOP
              LEAVE nested;
            END LOOP;
          END CASE;
        END IF;
      END IF;
    END;
  END;
END;
-- ---
CREATE PROCEDURE empty_block() BEGIN END;
-- ---
CREATE PROCEDURE ddl_inside()
BEGIN
  DROP TABLE IF EXISTS tmp;
  CREATE TABLE IF NOT EXISTS tmp (id INT);
  CREATE TEMPORARY TABLE IF NOT EXISTS tmp2 AS SELECT 1 AS x;
  START TRANSACTION;
  INSERT INTO tmp VALUES (1);
  COMMIT;
END;
-- ---
CREATE PROCEDURE words_as_names()
BEGIN
  SELECT t.end, t.begin, end_date, begin_at, `end`, `if`, `loop` FROM t;
  SELECT a AS `case` FROM t WHERE `while` = 1;
  SET @begin = 1;
  SET @end = 2;
END;
-- ---
CREATE PROCEDURE signals(IN x INT)
BEGIN
  IF x < 0 THEN
    SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'x must be >= 0', MYSQL_ERRNO = 1644;
  END IF;
END;
-- ---
CREATE PROCEDURE p_if_exists()
BEGIN
  IF EXISTS (SELECT 1 FROM t) THEN
    SELECT 1;
  ELSEIF NOT EXISTS (SELECT 2 FROM t) THEN
    SELECT 2;
  END IF;
END;
-- ---
CREATE FUNCTION f_chars() RETURNS VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
  NO SQL
  LANGUAGE SQL
BEGIN
  RETURN 'x';
END;
-- ---
DROP PROCEDURE IF EXISTS p;
-- ---
DROP FUNCTION IF EXISTS f;
-- ---
DROP TRIGGER IF EXISTS tr_simple;
-- ---
DROP EVENT IF EXISTS ev_simple;
-- ---
CREATE TABLE event (id INT);
-- ---
CREATE TABLE `function` (`begin` INT, `end` INT);
-- ---
CREATE VIEW v AS SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END AS pos, IF(a > 0, 1, 0) AS pos2 FROM t;
-- ---
SELECT IF(a, 1, 2), REPEAT('a', 3), CASE a WHEN 1 THEN 'x' END FROM t;
-- ---
/*!50003 CREATE PROCEDURE p_exec() SELECT 1 */;
-- ---
DELIMITER //
CREATE PROCEDURE with_delimiter()
BEGIN
  IF 1 THEN
    SELECT 1;
  END IF;
END//
-- ---
CREATE TRIGGER tr_delimiter BEFORE INSERT ON t FOR EACH ROW BEGIN SET NEW.a = 5; END //
-- ---
SELECT 1; SELECT 2 //
-- ---
DELIMITER ;
CALL with_delimiter();
-- ---
DELIMITER $$
CREATE FUNCTION f_delimiter() RETURNS INT
BEGIN
  RETURN 1;
END$$
-- ---
DELIMITER ;
SELECT f_delimiter();
-- ---
ALTER TABLE t ADD COLUMN loop_count INT;
-- ---
UPDATE t SET a = CASE WHEN a > 1 THEN a ELSE 1 END WHERE id > 0;
-- ---
