#!/usr/bin/env bash
# PostgreSQL 15 (Debian 12 package) for CI: install if missing, start without systemd,
# create role+db hades/hades on 127.0.0.1:5432. Idempotent; safe to run repeatedly.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if [ ! -x /usr/lib/postgresql/15/bin/postgres ] || ! command -v pg_ctlcluster >/dev/null; then
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
# the package's postinst creates cluster 15/main (port 5432, listen 'localhost'); recreate if gone
[ -d /etc/postgresql/15/main ] || pg_createcluster 15 main >/dev/null
# drop lock files left by a killed server (postmaster dead or a zombie), else start refuses
for f in /var/lib/postgresql/15/main/postmaster.pid /var/run/postgresql/.s.PGSQL.5432.lock; do
  [ -f "$f" ] || continue
  st=$(ps -o stat= -p "$(head -1 "$f")" 2>/dev/null || true)
  case "$st" in ""|Z*) rm -f "$f" ;; esac
done
pg_ctlcluster 15 main status >/dev/null 2>&1 || pg_ctlcluster 15 main start
for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.25; done
pg_isready -h 127.0.0.1 -p 5432
(cd / && runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p 5432) <<'SQL'
SELECT 'CREATE ROLE hades LOGIN PASSWORD ''hades'''
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'hades')\gexec
ALTER ROLE hades WITH LOGIN PASSWORD 'hades';
SELECT 'CREATE DATABASE hades OWNER hades'
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = 'hades')\gexec
SQL
