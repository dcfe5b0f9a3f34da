-- One service's database and its own login role, run by psql (15 or later) as a PostgreSQL superuser:
--
--   PGPASSWORD=<superuser's> RCM_ROLE_PASSWORD=<the service's> psql -X -q -v ON_ERROR_STOP=1 \
--     -h <host> -U postgres -d postgres -v role=claims -v database=claims -f provision-service.sql
--
-- ./rcm runs it for every service, the end-to-end tests for the databases of their run, compose's db-provision
-- and the Kubernetes Job of the same name. It can be run again at any time: it creates what is missing, resets the
-- role's password and takes back what a role should not have.
--
-- Least privilege (HIPAA §164.308(a)(4) access control, §164.312(a)(1)): the role logs in, owns its database and
-- nothing else, and no other role may connect to that database (PostgreSQL: "CONNECT ... is granted to PUBLIC by
-- default", https://www.postgresql.org/docs/15/ddl-priv.html, so it is revoked). The service's migrations run as
-- that role, the owner. The password travels in an environment variable, never on a command line (ps).

\getenv password RCM_ROLE_PASSWORD
\if :{?password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'RCM_ROLE_PASSWORD is not set'; END $$;
\endif

-- The server hashes it (scram-sha-256) before storing; PostgreSQL 15's default, stated for older configurations.
SET password_encryption = 'scram-sha-256';

SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
-- INHERIT: a database's owner may create in its public schema through its implicit pg_database_owner membership
-- (PostgreSQL 15, https://www.postgresql.org/docs/15/predefined-roles.html); NOINHERIT would refuse the migrations.
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD %L',
              :'role', :'password') \gexec

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'role')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'database', :'role') \gexec
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database') \gexec
-- Neither may any service connect to the server's own databases.
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
REVOKE ALL ON DATABASE template1 FROM PUBLIC;

-- What was made before the role existed (a data folder from when every service connected as the superuser) passes
-- to the owner, so that its queries and its next migrations work on it.
\connect :"database"
SELECT format('ALTER SCHEMA %I OWNER TO %I', n.nspname, :'role')
FROM pg_namespace n
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND n.nspowner NOT IN (:'role'::regrole, 'pg_database_owner'::regrole) \gexec
-- Sequences owned by a column (serial, identity) follow their table.
SELECT format('ALTER %s %I.%I OWNER TO %I',
              CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
              n.nspname, c.relname, :'role')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S')
  AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND c.relowner <> :'role'::regrole
  AND NOT (c.relkind = 'S' AND EXISTS (SELECT FROM pg_depend d
                                       WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i'))) \gexec
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'role')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND p.proowner <> :'role'::regrole \gexec
SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, :'role')
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype IN ('e', 'd', 'r') AND n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
  AND t.typowner <> :'role'::regrole \gexec
