#!/bin/sh
# Sets the Grafana login's password from the environment (VIGIL_GRAFANA_DB_PASSWORD, from .env).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v pw="$VIGIL_GRAFANA_DB_PASSWORD" <<'SQL'
ALTER ROLE vigil_grafana PASSWORD :'pw';
SQL
