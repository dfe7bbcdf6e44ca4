package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.events.MmwrWeek;
import io.vigil.hub.DevCredentials;
import io.vigil.hub.HubConfig;
import io.vigil.hub.demo.DemoMessages;
import io.vigil.hub.demo.DemoReport;
import io.vigil.hub.events.EventsSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole analytics path with real parts: messages over MLLP → outbox → the in-process KRaft
 * broker → the Flink job on a MiniCluster → PostgreSQL trend tables with exact counts → the analyst
 * API, suppressed. A late report then revises the week it belongs to, and its correction replaces
 * it.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class TrendsEndToEndIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  /**
   * The week of the reports: three weeks ago, so always recent (the analytics aggregate events up
   * to about two years before their receipt: fixed dates would age out of the trends).
   */
  static final MmwrWeek WEEK =
      MmwrWeek.of(java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusWeeks(3));

  /** The week's Sunday + {@code days}, as HL7 writes a date. */
  static String day(int days) {
    return WEEK.start().plusDays(days).format(java.time.format.DateTimeFormatter.BASIC_ISO_DATE);
  }

  /** An ELR for one patient of {@link #WEEK}, positive or negative. */
  static String elr(String controlId, int patient, String county, boolean positive) {
    String message =
        TestMessages.elr("05D0000001", controlId)
            .replace("Testpatient^Alice", "Patient" + letters(patient) + "^Alice")
            .replace("MRN12345", "MRN" + (900000 + patient))
            .replace("LAB-0001^", "LAB-" + controlId + "^") // each report its own accession
            .replace("^^17167|", "^^" + county + "|")
            .replace("20250309091500-0500", day(1) + "091500-0500")
            .replace("20250309130000-0500", day(1) + "130000-0500")
            .replace("20250310140000-0500", day(2) + "140000-0500")
            .replace("20250310120000-0500", day(2) + "120000-0500")
            .replace("20250310143005-0500", day(2) + "143005-0500");
    return positive ? message : message.replace("260373001^Detected", "260415000^Not detected");
  }

  /** Person keys normalise names to letters, so patients differ by letters, not digits. */
  static String letters(int n) {
    return "" + (char) ('a' + n / 26) + (char) ('a' + n % 26);
  }

  JsonObject get(String url, String bearer) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).header("Authorization", bearer).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  static long[] week(HubFixture fixture, String county) throws Exception {
    try (Connection c = fixture.sql();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT sum(tests), sum(positives), sum(new_cases) FROM trend_weekly"
                    + " WHERE condition = 'COVID-19' AND county_fips = ? AND week_start = ?")) {
      ps.setString(1, county);
      ps.setObject(2, WEEK.start());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
      }
    }
  }

  /**
   * A provider deletes a dose record entered in error (RXA-21 D, naming the record by its ORC-3):
   * the dose trend drops it.
   */
  @Test
  void aDeletedDoseRecordTakesItsDoseBack() throws Exception {
    try (HubFixture fixture = new HubFixture(withLocalAnalytics())) {
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        for (int p = 1; p <= 3; p++) {
          assertThat(MllpClient.ackCode(mllp.send(vxu("VXU-" + p, p, "A", "VXU-" + p))))
              .isEqualTo("AA");
        }
        // The EHR sends patient 2's whole history again: the same dose record, counted once.
        assertThat(MllpClient.ackCode(mllp.send(vxu("VXU-2-again", 2, "A", "VXU-2"))))
            .isEqualTo("AA");
      }
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> doses(fixture) == 3);
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        assertThat(MllpClient.ackCode(mllp.send(vxu("VXU-2-D", 2, "D", "VXU-2")))).isEqualTo("AA");
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> doses(fixture) == 2);
    }
  }

  /** Dev defaults, with an embedded Kafka broker and the analytics job in-process. */
  private HubConfig withLocalAnalytics() {
    return HubConfig.forDev(dir)
        .withEvents(
            EventsSettings.defaults()
                .withKafka(EventsSettings.KafkaMode.EMBEDDED)
                .withAnalytics(EventsSettings.AnalyticsMode.LOCAL));
  }

  /**
   * A COVID-19 dose of patient {@code patient} given on {@link #WEEK}'s Monday, with RXA-21 {@code
   * action}, as the EHR's record {@code record} (ORC-3).
   */
  private static String vxu(String controlId, int patient, String action, String record) {
    DemoReport r =
        new DemoReport(
            0,
            patient,
            "17167",
            WEEK.start().plusDays(1),
            DemoReport.Kind.COVID_VACCINE,
            false,
            false);
    String text = DemoMessages.render(r, controlId);
    assertThat(text).contains("|CP|A\r");
    assertThat(text).contains("ORC|RE||IMM-" + controlId + "^");
    return text.replace("|CP|A\r", "|CP|" + action + "\r")
        .replace("ORC|RE||IMM-" + controlId + "^", "ORC|RE||IMM-" + record + "^");
  }

  private static long doses(HubFixture fixture) throws Exception {
    try (Connection c = fixture.sql();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(sum(doses), 0) FROM dose_weekly WHERE vaccine_group = 'COVID-19'");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void reportsBecomeExactSuppressedTrendsAndLateReportsReviseThem() throws Exception {
    try (HubFixture fixture = new HubFixture(withLocalAnalytics())) {
      int n = 0;
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        // Sangamon (17167): 15 people positive, one of them tested twice, and 5 negatives.
        for (int p = 1; p <= 15; p++) {
          assertThat(MllpClient.ackCode(mllp.send(elr("E2E-" + n++, p, "17167", true))))
              .isEqualTo("AA");
        }
        assertThat(MllpClient.ackCode(mllp.send(elr("E2E-" + n++, 1, "17167", true))))
            .isEqualTo("AA");
        for (int p = 16; p <= 20; p++) {
          assertThat(MllpClient.ackCode(mllp.send(elr("E2E-" + n++, p, "17167", false))))
              .isEqualTo("AA");
        }
        // Cook (17031): 3 people, a small cell. Champaign (17019): 12 people.
        for (int p = 21; p <= 23; p++) {
          mllp.send(elr("E2E-" + n++, p, "17031", true));
        }
        for (int p = 24; p <= 35; p++) {
          mllp.send(elr("E2E-" + n++, p, "17019", true));
        }
      }
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> week(fixture, "17019")[0] == 12 && week(fixture, "17167")[0] == 21);
      assertThat(week(fixture, "17167")).containsExactly(21, 16, 15);
      assertThat(week(fixture, "17031")).containsExactly(3, 3, 3);
      assertThat(week(fixture, "17019")).containsExactly(12, 12, 12);

      String analyst = DevCredentials.bearer(dir, "analyst");
      String base =
          "http://127.0.0.1:"
              + fixture.hub.httpPort()
              + "/api/v1/trends?condition=COVID-19&from="
              + WEEK.start()
              + "&to="
              + WEEK.end()
              + "&jurisdiction=";
      JsonObject sangamon = get(base + "17167", analyst).getJsonArray("rows").getJsonObject(0);
      assertThat(sangamon.getLong("tests")).isEqualTo(21);
      assertThat(sangamon.getLong("positives")).isEqualTo(16);
      assertThat(sangamon.getLong("newCases")).isEqualTo(15);
      assertThat(sangamon.getDouble("positivity")).isEqualTo(0.7619);
      JsonObject cook = get(base + "17031", analyst).getJsonArray("rows").getJsonObject(0);
      assertThat(cook.getValue("tests")).isNull();
      assertThat(cook.getJsonArray("suppressed")).contains("tests", "positives", "newCases");
      // Champaign is withheld too: Illinois minus Sangamon would otherwise give Cook away.
      JsonObject champaign = get(base + "17019", analyst).getJsonArray("rows").getJsonObject(0);
      assertThat(champaign.getValue("tests")).isNull();
      JsonObject illinois = get(base + "17", analyst).getJsonArray("rows").getJsonObject(0);
      assertThat(illinois.getLong("tests")).isEqualTo(36);
      // The same report reaches a sender's token? No: analysts only.
      HttpResponse<String> asSender =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "17167"))
                  .header("Authorization", DevCredentials.bearer(dir, "sender"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(asSender.statusCode()).isEqualTo(403);
      String csv =
          http.send(
                  HttpRequest.newBuilder(URI.create(base + "17167&format=csv"))
                      .header("Authorization", analyst)
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(csv).startsWith("period,mmwr_year,mmwr_week,age_band,sex,tests,positives");
      assertThat(csv)
          .contains(
              WEEK.start() + "," + WEEK.year() + "," + WEEK.week() + ",all,all,21,16,15,0.7619,");

      // A late report for the same week: the week is revised, not appended to.
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        assertThat(MllpClient.ackCode(mllp.send(elr("E2E-late", 99, "17167", true))))
            .isEqualTo("AA");
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> week(fixture, "17167")[0] == 22);
      assertThat(week(fixture, "17167")).containsExactly(22, 17, 16);
      JsonArray rows = get(base + "17167", analyst).getJsonArray("rows");
      assertThat(rows.getJsonObject(0).getLong("newCases")).isEqualTo(16);

      // The lab corrects that result to negative (same accession, OBR-25/OBX-11 C): the test is
      // counted once, as its correction, and the person's case, which rested on it alone, is taken
      // back.
      String correction =
          elr("E2E-late-C", 99, "17167", false)
              .replace("LAB-E2E-late-C^", "LAB-E2E-late^")
              .replace("^SCT||||||F|", "^SCT||||||C|")
              .replace(day(2) + "140000-0500|||F", day(2) + "140000-0500|||C");
      try (MllpClient mllp = new MllpClient(fixture.hub.mllpPort())) {
        assertThat(MllpClient.ackCode(mllp.send(correction))).isEqualTo("AA");
      }
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> week(fixture, "17167")[1] == 16 && week(fixture, "17167")[2] == 15);
      assertThat(week(fixture, "17167")).containsExactly(22, 16, 15);
    }
  }
}
