DROP SCHEMA IF EXISTS n8ndiff_pg26 CASCADE;
CREATE SCHEMA n8ndiff_pg26;
CREATE TABLE n8ndiff_pg26.counter (id serial PRIMARY KEY, note text DEFAULT 'none');
