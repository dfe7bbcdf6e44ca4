-- Run once by the PostgreSQL container at first start (docker-entrypoint-initdb.d), before the hub
-- migrates: the read-only group role the migration V10__dashboard_views.sql grants schema
-- "dashboard" to, and Grafana's login in it. The password is set by init-grafana-login.sh.
CREATE ROLE vigil_dashboard NOLOGIN;
CREATE ROLE vigil_grafana LOGIN IN ROLE vigil_dashboard;
