package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.hub.HubConfig;
import io.vigil.hub.demo.DemoFeed;
import io.vigil.hub.demo.DemoReport;
import io.vigil.hub.demo.DemoScenario;
import io.vigil.hub.events.EventsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo feed against the whole dev pipeline: three weeks of synthetic traffic over MLLP and
 * HTTP; the outbreak injected into one county must raise EARS alarms on its days, more than any
 * other county over the same days.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DemoFeedIT {
  @TempDir Path dir;

  static long alarms(HubFixture fixture, String county, LocalDate from, LocalDate to)
      throws Exception {
    try (Connection c = fixture.sql();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM signal WHERE condition = 'COVID-19' AND county_fips = ?"
                    + " AND day BETWEEN ? AND ? AND alarm")) {
      ps.setString(1, county);
      ps.setObject(2, from);
      ps.setObject(3, to);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void theInjectedOutbreakRaisesEarsAlarmsInItsCounty() throws Exception {
    HubConfig config =
        HubConfig.forDev(dir)
            .withEvents(
                EventsSettings.defaults()
                    .withKafka(EventsSettings.KafkaMode.EMBEDDED)
                    .withAnalytics(EventsSettings.AnalyticsMode.LOCAL));
    LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    DemoScenario scenario = new DemoScenario(21, last, 11);
    List<DemoReport> reports = scenario.reports();
    try (HubFixture fixture = new HubFixture(config)) {
      StringWriter progress = new StringWriter();
      DemoFeed feed =
          new DemoFeed(
              "127.0.0.1",
              fixture.hub.mllpPort(),
              URI.create("http://127.0.0.1:" + fixture.hub.httpPort() + "/api/v1/hl7v2"),
              fixture.bearer("sender"),
              0,
              new PrintWriter(progress));
      DemoFeed.Tally t = feed.send(reports, "DEMOIT");
      long malformed = reports.stream().filter(DemoReport::malformed).count();
      assertThat(t.failed()).isZero();
      assertThat(t.rejected()).isEqualTo(malformed);
      assertThat(t.accepted()).isEqualTo(reports.size() - malformed);
      assertThat(progress.toString()).contains("sent");

      await()
          .atMost(Duration.ofSeconds(150))
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () ->
                  alarms(
                          fixture,
                          DemoScenario.OUTBREAK_COUNTY,
                          scenario.outbreakStart(),
                          scenario.outbreakEnd())
                      > 0);
      // EARS on sparse background counts does raise the odd false alarm; the outbreak county
      // must stand out over the outbreak days.
      long outbreak =
          alarms(
              fixture,
              DemoScenario.OUTBREAK_COUNTY,
              scenario.outbreakStart(),
              scenario.outbreakEnd());
      for (String county : DemoScenario.COUNTIES) {
        if (!county.equals(DemoScenario.OUTBREAK_COUNTY)) {
          assertThat(alarms(fixture, county, scenario.outbreakStart(), scenario.outbreakEnd()))
              .as("alarms in %s during the outbreak", county)
              .isLessThan(outbreak);
        }
      }
      HttpResponse<String> signals =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "http://127.0.0.1:"
                                  + fixture.hub.httpPort()
                                  + "/api/v1/signals?condition=COVID-19&jurisdiction="
                                  + DemoScenario.OUTBREAK_COUNTY
                                  + "&from="
                                  + scenario.outbreakStart()
                                  + "&to="
                                  + scenario.outbreakEnd()))
                      .header("Authorization", fixture.bearer("analyst"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(signals.statusCode()).isEqualTo(200);
      JsonArray rows = new JsonObject(signals.body()).getJsonArray("signals");
      assertThat(rows.stream().map(o -> (JsonObject) o).anyMatch(o -> o.getBoolean("alarm")))
          .isTrue();
    }
  }
}
