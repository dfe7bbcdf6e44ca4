-- Aggregates written by the stream-analytics Flink job (module stream-analytics). Only aggregates:
-- no row identifies a person. Every row holds absolute totals upserted by cell key, so replays and
-- late reports rewrite rows instead of adding to them. Unknown dimension values are '' (not NULL)
-- so the unique keys match. Small-cell suppression is applied by the reader (the analyst API).

CREATE TABLE trend_daily (
  condition   text   NOT NULL,
  state_fips  text   NOT NULL,
  county_fips text   NOT NULL,
  zip3        text   NOT NULL,
  age_band    text   NOT NULL,
  sex         text   NOT NULL,
  day         date   NOT NULL,
  tests       bigint NOT NULL,
  positives   bigint NOT NULL,
  new_cases   bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (condition, state_fips, county_fips, zip3, age_band, sex, day)
);
COMMENT ON TABLE trend_daily IS 'Lab results per condition x jurisdiction x age band x sex x event day (specimen collection day, else result day, else receipt day)';
COMMENT ON COLUMN trend_daily.condition IS 'Reportable condition code from the hub value set';
COMMENT ON COLUMN trend_daily.state_fips IS 'Two-digit state FIPS of residence, '''' when unknown';
COMMENT ON COLUMN trend_daily.county_fips IS 'Five-digit county FIPS, '''' when unknown';
COMMENT ON COLUMN trend_daily.zip3 IS 'First three ZIP digits (000 = Safe Harbor restricted), '''' when unknown';
COMMENT ON COLUMN trend_daily.age_band IS 'Age band at the event date (e.g. 18-49, 90+, unknown), '''' when absent';
COMMENT ON COLUMN trend_daily.sex IS 'F, M, O or U; '''' when absent';
COMMENT ON COLUMN trend_daily.day IS 'Event day';
COMMENT ON COLUMN trend_daily.tests IS 'Lab results (all interpretations)';
COMMENT ON COLUMN trend_daily.positives IS 'Positive results; positivity = positives / tests';
COMMENT ON COLUMN trend_daily.new_cases IS 'Persons counted as a new case (first positive per condition within the episode window)';
COMMENT ON COLUMN trend_daily.updated_at IS 'When the job last wrote this row';

CREATE TABLE trend_weekly (
  condition   text    NOT NULL,
  state_fips  text    NOT NULL,
  county_fips text    NOT NULL,
  zip3        text    NOT NULL,
  age_band    text    NOT NULL,
  sex         text    NOT NULL,
  mmwr_year   integer NOT NULL,
  mmwr_week   integer NOT NULL,
  week_start  date    NOT NULL,
  tests       bigint  NOT NULL,
  positives   bigint  NOT NULL,
  new_cases   bigint  NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (condition, state_fips, county_fips, zip3, age_band, sex, mmwr_year, mmwr_week)
);
COMMENT ON TABLE trend_weekly IS 'As trend_daily, per MMWR week (Sunday-Saturday; week 1 has >= 4 days in the year) of the event day';
COMMENT ON COLUMN trend_weekly.condition IS 'Reportable condition code';
COMMENT ON COLUMN trend_weekly.state_fips IS 'State FIPS, '''' when unknown';
COMMENT ON COLUMN trend_weekly.county_fips IS 'County FIPS, '''' when unknown';
COMMENT ON COLUMN trend_weekly.zip3 IS 'ZIP3, '''' when unknown';
COMMENT ON COLUMN trend_weekly.age_band IS 'Age band, '''' when absent';
COMMENT ON COLUMN trend_weekly.sex IS 'F, M, O or U; '''' when absent';
COMMENT ON COLUMN trend_weekly.mmwr_year IS 'MMWR year (can differ from the calendar year of week_start)';
COMMENT ON COLUMN trend_weekly.mmwr_week IS 'MMWR week 1-53';
COMMENT ON COLUMN trend_weekly.week_start IS 'Sunday starting the MMWR week';
COMMENT ON COLUMN trend_weekly.tests IS 'Lab results';
COMMENT ON COLUMN trend_weekly.positives IS 'Positive results';
COMMENT ON COLUMN trend_weekly.new_cases IS 'New cases (persons, episode-deduplicated)';
COMMENT ON COLUMN trend_weekly.updated_at IS 'When the job last wrote this row';

CREATE TABLE dose_weekly (
  vaccine_group text    NOT NULL,
  state_fips    text    NOT NULL,
  county_fips   text    NOT NULL,
  zip3          text    NOT NULL,
  age_band      text    NOT NULL,
  mmwr_year     integer NOT NULL,
  mmwr_week     integer NOT NULL,
  week_start    date    NOT NULL,
  doses         bigint  NOT NULL,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (vaccine_group, state_fips, county_fips, zip3, age_band, mmwr_year, mmwr_week)
);
COMMENT ON TABLE dose_weekly IS 'Administered vaccine doses per vaccine group x jurisdiction x age band x MMWR week of administration';
COMMENT ON COLUMN dose_weekly.vaccine_group IS 'Vaccine group of the CVX code, '''' when unknown';
COMMENT ON COLUMN dose_weekly.state_fips IS 'State FIPS, '''' when unknown';
COMMENT ON COLUMN dose_weekly.county_fips IS 'County FIPS, '''' when unknown';
COMMENT ON COLUMN dose_weekly.zip3 IS 'ZIP3, '''' when unknown';
COMMENT ON COLUMN dose_weekly.age_band IS 'Age band at administration, '''' when absent';
COMMENT ON COLUMN dose_weekly.mmwr_year IS 'MMWR year';
COMMENT ON COLUMN dose_weekly.mmwr_week IS 'MMWR week 1-53';
COMMENT ON COLUMN dose_weekly.week_start IS 'Sunday starting the MMWR week';
COMMENT ON COLUMN dose_weekly.doses IS 'Doses administered';
COMMENT ON COLUMN dose_weekly.updated_at IS 'When the job last wrote this row';

CREATE TABLE signal (
  condition   text    NOT NULL,
  state_fips  text    NOT NULL,
  county_fips text    NOT NULL,
  day         date    NOT NULL,
  method      text    NOT NULL CHECK (method IN ('C1', 'C2', 'C3')),
  observed    bigint  NOT NULL,
  expected    double precision NOT NULL,
  sigma       double precision NOT NULL,
  statistic   double precision NOT NULL,
  threshold   double precision NOT NULL,
  alarm       boolean NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (condition, state_fips, county_fips, day, method)
);
COMMENT ON TABLE signal IS 'EARS C1/C2/C3 aberration statistics on daily new cases per condition x state x county; rescored when late reports change a day';
COMMENT ON COLUMN signal.condition IS 'Reportable condition code';
COMMENT ON COLUMN signal.state_fips IS 'State FIPS, '''' when unknown';
COMMENT ON COLUMN signal.county_fips IS 'County FIPS, '''' when unknown';
COMMENT ON COLUMN signal.day IS 'Scored day';
COMMENT ON COLUMN signal.method IS 'C1 (7-day baseline), C2 (7-day baseline after a 2-day guard band) or C3 (sum of C2 excesses over 3 days)';
COMMENT ON COLUMN signal.observed IS 'New cases on the day';
COMMENT ON COLUMN signal.expected IS 'Baseline mean (C3: that of C2 on the day)';
COMMENT ON COLUMN signal.sigma IS 'Baseline sample standard deviation, floored at minSigma';
COMMENT ON COLUMN signal.statistic IS 'The method statistic';
COMMENT ON COLUMN signal.threshold IS 'Alarm threshold in force when scored';
COMMENT ON COLUMN signal.alarm IS 'statistic > threshold';
COMMENT ON COLUMN signal.updated_at IS 'When the job last wrote this row';

CREATE TABLE timeliness_weekly (
  sender_id   text    NOT NULL,
  condition   text    NOT NULL,
  mmwr_year   integer NOT NULL,
  mmwr_week   integer NOT NULL,
  week_start  date    NOT NULL,
  reports     bigint  NOT NULL,
  collected_to_received_p50_minutes bigint,
  collected_to_received_p90_minutes bigint,
  resulted_to_received_p50_minutes  bigint,
  resulted_to_received_p90_minutes  bigint,
  pct_received_24h_after_result double precision,
  pct_collected_1d    double precision,
  pct_collected_3d    double precision,
  pct_collected_7d    double precision,
  pct_missing_collected double precision,
  pct_missing_resulted  double precision,
  pct_missing_created   double precision,
  results_before_collection bigint NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sender_id, condition, mmwr_year, mmwr_week)
);
COMMENT ON TABLE timeliness_weekly IS 'Reporting timeliness of lab results per sender x condition x MMWR week of the received day';
COMMENT ON COLUMN timeliness_weekly.sender_id IS 'Registered sender id';
COMMENT ON COLUMN timeliness_weekly.condition IS 'Condition code, '''' when none';
COMMENT ON COLUMN timeliness_weekly.mmwr_year IS 'MMWR year of the received day';
COMMENT ON COLUMN timeliness_weekly.mmwr_week IS 'MMWR week of the received day';
COMMENT ON COLUMN timeliness_weekly.week_start IS 'Sunday starting the MMWR week';
COMMENT ON COLUMN timeliness_weekly.reports IS 'Lab results received';
COMMENT ON COLUMN timeliness_weekly.collected_to_received_p50_minutes IS 'Median specimen collection to receipt, minutes (nearest rank; NULL when no collection times)';
COMMENT ON COLUMN timeliness_weekly.collected_to_received_p90_minutes IS '90th percentile collection to receipt, minutes (nearest rank)';
COMMENT ON COLUMN timeliness_weekly.resulted_to_received_p50_minutes IS 'Median result to receipt, minutes (nearest rank; NULL when no result times)';
COMMENT ON COLUMN timeliness_weekly.resulted_to_received_p90_minutes IS '90th percentile result to receipt, minutes (nearest rank)';
COMMENT ON COLUMN timeliness_weekly.pct_received_24h_after_result IS 'Percent (0-100) received within 24 h of the result, of reports with a result time';
COMMENT ON COLUMN timeliness_weekly.pct_collected_1d IS 'Percent received within 1 day of collection, of reports with a collection time';
COMMENT ON COLUMN timeliness_weekly.pct_collected_3d IS 'Percent received within 3 days of collection';
COMMENT ON COLUMN timeliness_weekly.pct_collected_7d IS 'Percent received within 7 days of collection';
COMMENT ON COLUMN timeliness_weekly.pct_missing_collected IS 'Percent of reports without a collection time';
COMMENT ON COLUMN timeliness_weekly.pct_missing_resulted IS 'Percent of reports without a result time';
COMMENT ON COLUMN timeliness_weekly.pct_missing_created IS 'Percent of reports without a message creation time';
COMMENT ON COLUMN timeliness_weekly.results_before_collection IS 'Reports flagged with a result time before the collection time';
COMMENT ON COLUMN timeliness_weekly.updated_at IS 'When the job last wrote this row';

CREATE TABLE timeliness_alert (
  sender_id     text    NOT NULL,
  mmwr_year     integer NOT NULL,
  mmwr_week     integer NOT NULL,
  week_start    date    NOT NULL,
  results_with_result_time bigint NOT NULL,
  on_time_pct   double precision NOT NULL,
  threshold     double precision NOT NULL,
  active        boolean NOT NULL,
  raised_at     timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (sender_id, mmwr_year, mmwr_week)
);
COMMENT ON TABLE timeliness_alert IS 'Late-sender alerts: sender-weeks whose on-time percent (received within 24 h of the result, all conditions) fell below the threshold';
COMMENT ON COLUMN timeliness_alert.sender_id IS 'Registered sender id';
COMMENT ON COLUMN timeliness_alert.mmwr_year IS 'MMWR year of the received day';
COMMENT ON COLUMN timeliness_alert.mmwr_week IS 'MMWR week of the received day';
COMMENT ON COLUMN timeliness_alert.week_start IS 'Sunday starting the MMWR week';
COMMENT ON COLUMN timeliness_alert.results_with_result_time IS 'Results with a result time in the week (the denominator)';
COMMENT ON COLUMN timeliness_alert.on_time_pct IS 'Percent received within 24 h of the result';
COMMENT ON COLUMN timeliness_alert.threshold IS 'Threshold percent in force';
COMMENT ON COLUMN timeliness_alert.active IS 'True while on_time_pct < threshold; false once late reports lifted it';
COMMENT ON COLUMN timeliness_alert.raised_at IS 'When the alert was first raised';
COMMENT ON COLUMN timeliness_alert.updated_at IS 'When the job last wrote this row';
