DROP SCHEMA IF EXISTS n8ndiff_pgv1 CASCADE;
CREATE SCHEMA n8ndiff_pgv1;
CREATE TABLE n8ndiff_pgv1.pets (id int PRIMARY KEY, name text, age int, note text DEFAULT 'none');
