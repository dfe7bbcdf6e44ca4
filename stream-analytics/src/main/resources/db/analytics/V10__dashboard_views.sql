-- Read-only views for the Grafana dashboards (dashboards/grafana). Grafana's PostgreSQL datasource
-- logs in as a member of role vigil_dashboard, which may read schema "dashboard" and nothing else.
--
-- Small-cell suppression, k = 11: a count of 1..10 is never shown (NULL). Zero is shown.
-- * Primary: every count column c is NULL when 1 <= c <= 10.
-- * Complementary: the views that split a total which another view shows (counties and age bands
--   of a state-week) also hide, per count column, the smallest count above 10 of the group when
--   exactly one count of that group is small, so "state total minus the shown parts" cannot reveal
--   it. (When the group has no count above 10, its total is at most the small cell plus zeros and
--   is itself suppressed.)
-- * Derived values (positivity, percentiles, percentages) are NULL whenever a count they are
--   computed from is hidden or their denominator is below 11.
-- The analyst API applies full lattice suppression in Java (SmallCellSuppression); these views
-- are the simpler rule above, enough for fixed dashboard groupings. Versioned V10 so that other
-- analytics migrations (V2..V9) can land before it without renumbering.

CREATE SCHEMA IF NOT EXISTS dashboard;

-- Per state x condition x week (the total the county and age-band views split).
CREATE VIEW dashboard.trend_weekly_state AS
WITH cells AS (
  SELECT condition, state_fips, mmwr_year, mmwr_week, week_start,
         sum(tests) AS tests, sum(positives) AS positives, sum(new_cases) AS new_cases
  FROM trend_weekly
  GROUP BY condition, state_fips, mmwr_year, mmwr_week, week_start
)
SELECT condition, state_fips, mmwr_year, mmwr_week, week_start,
       CASE WHEN tests BETWEEN 1 AND 10 THEN NULL ELSE tests END AS tests,
       CASE WHEN positives BETWEEN 1 AND 10 THEN NULL ELSE positives END AS positives,
       CASE WHEN new_cases BETWEEN 1 AND 10 THEN NULL ELSE new_cases END AS new_cases,
       CASE WHEN tests >= 11 AND (positives = 0 OR positives >= 11)
            THEN round(positives::numeric / tests, 4) END AS positivity
FROM cells;

-- Per county of a state x condition x week: primary plus complementary suppression in the group.
CREATE VIEW dashboard.trend_weekly_county AS
WITH cells AS (
  SELECT condition, state_fips, county_fips, mmwr_year, mmwr_week, week_start,
         sum(tests) AS tests, sum(positives) AS positives, sum(new_cases) AS new_cases
  FROM trend_weekly
  GROUP BY condition, state_fips, county_fips, mmwr_year, mmwr_week, week_start
), ranked AS (
  SELECT c.*,
         count(*) FILTER (WHERE tests BETWEEN 1 AND 10) OVER g AS tests_small,
         count(*) FILTER (WHERE positives BETWEEN 1 AND 10) OVER g AS positives_small,
         count(*) FILTER (WHERE new_cases BETWEEN 1 AND 10) OVER g AS new_cases_small,
         row_number() OVER (g ORDER BY tests <= 10, tests, county_fips) AS tests_rank,
         row_number() OVER (g ORDER BY positives <= 10, positives, county_fips) AS positives_rank,
         row_number() OVER (g ORDER BY new_cases <= 10, new_cases, county_fips) AS new_cases_rank
  FROM cells c
  WINDOW g AS (PARTITION BY condition, state_fips, mmwr_year, mmwr_week)
), suppressed AS (
  SELECT condition, state_fips, county_fips, mmwr_year, mmwr_week, week_start,
         CASE WHEN tests BETWEEN 1 AND 10 OR (tests_small = 1 AND tests_rank = 1 AND tests > 10)
              THEN NULL ELSE tests END AS tests,
         CASE WHEN positives BETWEEN 1 AND 10
                   OR (positives_small = 1 AND positives_rank = 1 AND positives > 10)
              THEN NULL ELSE positives END AS positives,
         CASE WHEN new_cases BETWEEN 1 AND 10
                   OR (new_cases_small = 1 AND new_cases_rank = 1 AND new_cases > 10)
              THEN NULL ELSE new_cases END AS new_cases
  FROM ranked
)
SELECT s.*,
       CASE WHEN s.tests >= 11 AND s.positives IS NOT NULL
            THEN round(s.positives::numeric / s.tests, 4) END AS positivity
FROM suppressed s;

-- Per age band of a state x condition x week: same rules as the county view.
CREATE VIEW dashboard.trend_weekly_age AS
WITH cells AS (
  SELECT condition, state_fips, age_band, mmwr_year, mmwr_week, week_start,
         sum(tests) AS tests, sum(positives) AS positives, sum(new_cases) AS new_cases
  FROM trend_weekly
  GROUP BY condition, state_fips, age_band, mmwr_year, mmwr_week, week_start
), ranked AS (
  SELECT c.*,
         count(*) FILTER (WHERE tests BETWEEN 1 AND 10) OVER g AS tests_small,
         count(*) FILTER (WHERE positives BETWEEN 1 AND 10) OVER g AS positives_small,
         count(*) FILTER (WHERE new_cases BETWEEN 1 AND 10) OVER g AS new_cases_small,
         row_number() OVER (g ORDER BY tests <= 10, tests, age_band) AS tests_rank,
         row_number() OVER (g ORDER BY positives <= 10, positives, age_band) AS positives_rank,
         row_number() OVER (g ORDER BY new_cases <= 10, new_cases, age_band) AS new_cases_rank
  FROM cells c
  WINDOW g AS (PARTITION BY condition, state_fips, mmwr_year, mmwr_week)
)
SELECT condition, state_fips, age_band, mmwr_year, mmwr_week, week_start,
       CASE WHEN tests BETWEEN 1 AND 10 OR (tests_small = 1 AND tests_rank = 1 AND tests > 10)
            THEN NULL ELSE tests END AS tests,
       CASE WHEN positives BETWEEN 1 AND 10
                 OR (positives_small = 1 AND positives_rank = 1 AND positives > 10)
            THEN NULL ELSE positives END AS positives,
       CASE WHEN new_cases BETWEEN 1 AND 10
                 OR (new_cases_small = 1 AND new_cases_rank = 1 AND new_cases > 10)
            THEN NULL ELSE new_cases END AS new_cases
FROM ranked;

-- Doses per vaccine group x state x week, and split by age band (complementary as above).
CREATE VIEW dashboard.dose_weekly_state AS
SELECT vaccine_group, state_fips, mmwr_year, mmwr_week, week_start,
       CASE WHEN sum(doses) BETWEEN 1 AND 10 THEN NULL ELSE sum(doses) END AS doses
FROM dose_weekly
GROUP BY vaccine_group, state_fips, mmwr_year, mmwr_week, week_start;

CREATE VIEW dashboard.dose_weekly_age AS
WITH cells AS (
  SELECT vaccine_group, state_fips, age_band, mmwr_year, mmwr_week, week_start,
         sum(doses) AS doses
  FROM dose_weekly
  GROUP BY vaccine_group, state_fips, age_band, mmwr_year, mmwr_week, week_start
), ranked AS (
  SELECT c.*,
         count(*) FILTER (WHERE doses BETWEEN 1 AND 10) OVER g AS doses_small,
         row_number() OVER (g ORDER BY doses <= 10, doses, age_band) AS doses_rank
  FROM cells c
  WINDOW g AS (PARTITION BY vaccine_group, state_fips, mmwr_year, mmwr_week)
)
SELECT vaccine_group, state_fips, age_band, mmwr_year, mmwr_week, week_start,
       CASE WHEN doses BETWEEN 1 AND 10 OR (doses_small = 1 AND doses_rank = 1 AND doses > 10)
            THEN NULL ELSE doses END AS doses
FROM ranked;

-- Alarms only (for annotations): the statistic and threshold, the day's count suppressed; the
-- baseline mean and sigma are left out (with the statistic they would give the count back).
CREATE VIEW dashboard.signal_alarm AS
SELECT condition, state_fips, county_fips, day, method, statistic, threshold,
       CASE WHEN observed BETWEEN 1 AND 10 THEN NULL ELSE observed END AS observed
FROM signal
WHERE alarm;

-- Timeliness per sender (a registered facility, not a person) x condition x week. Percentiles
-- and percentages are NULL below 11 reports.
CREATE VIEW dashboard.timeliness_weekly AS
SELECT sender_id, condition, mmwr_year, mmwr_week, week_start,
       CASE WHEN reports BETWEEN 1 AND 10 THEN NULL ELSE reports END AS reports,
       CASE WHEN reports >= 11 THEN collected_to_received_p50_minutes END AS collected_to_received_p50_minutes,
       CASE WHEN reports >= 11 THEN collected_to_received_p90_minutes END AS collected_to_received_p90_minutes,
       CASE WHEN reports >= 11 THEN resulted_to_received_p50_minutes END AS resulted_to_received_p50_minutes,
       CASE WHEN reports >= 11 THEN resulted_to_received_p90_minutes END AS resulted_to_received_p90_minutes,
       CASE WHEN reports >= 11 THEN pct_received_24h_after_result END AS pct_received_24h_after_result,
       CASE WHEN reports >= 11 THEN pct_collected_7d END AS pct_collected_7d,
       CASE WHEN reports >= 11 THEN pct_missing_collected END AS pct_missing_collected
FROM timeliness_weekly;

CREATE VIEW dashboard.timeliness_alert AS
SELECT sender_id, mmwr_year, mmwr_week, week_start, threshold, active,
       CASE WHEN results_with_result_time >= 11 THEN on_time_pct END AS on_time_pct
FROM timeliness_alert;

-- The read-only role. Creating it needs CREATEROLE; where the migration user lacks it, the
-- operator creates the role (dashboards/postgres/init-dashboard-role.sql) and re-runs the grants.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_dashboard') THEN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = current_user AND (rolcreaterole OR rolsuper)) THEN
      CREATE ROLE vigil_dashboard NOLOGIN;
    ELSE
      RAISE NOTICE 'role vigil_dashboard absent and not creatable: grant SELECT on schema dashboard by hand';
    END IF;
  END IF;
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'vigil_dashboard') THEN
    GRANT USAGE ON SCHEMA dashboard TO vigil_dashboard;
    GRANT SELECT ON ALL TABLES IN SCHEMA dashboard TO vigil_dashboard;
  END IF;
END
$$;
