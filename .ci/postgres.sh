#!/usr/bin/env bash
# Installs (if missing) and starts a local PostgreSQL from Debian's packages, creates a role and a test
# database, and prints the JDBC URL for SYNC_TEST_PG_URL on stdout. Loopback only.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
fi
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$ver main$"; then
  pg_createcluster "$ver" main >&2
fi
if ! pg_lsclusters -h | awk '$1=="'"$ver"'" && $2=="main" {print $4}' | grep -q online; then
  pg_ctlcluster "$ver" main start >&2
fi
port=$(pg_lsclusters -h | awk '$1=="'"$ver"'" && $2=="main" {print $3}')
for i in $(seq 1 60); do
  su postgres -c "pg_isready -q -h 127.0.0.1 -p $port" && break
  sleep 0.5
done
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_roles WHERE rolname='agentsync'\"" 2>/dev/null | grep -q 1 \
  || su postgres -c "psql -q -p $port -c \"CREATE ROLE agentsync LOGIN SUPERUSER PASSWORD 'agentsync'\"" >&2
su postgres -c "psql -q -p $port -tc \"SELECT 1 FROM pg_database WHERE datname='agentsync_test'\"" | grep -q 1 \
  || su postgres -c "createdb -p $port -O agentsync agentsync_test" >&2
echo "jdbc:postgresql://127.0.0.1:$port/agentsync_test?user=agentsync&password=agentsync"
