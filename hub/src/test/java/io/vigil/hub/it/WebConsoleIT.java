package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.vigil.hub.HubConfig;
import io.vigil.hub.demo.DemoFeed;
import io.vigil.hub.demo.DemoReport;
import io.vigil.hub.demo.DemoScenario;
import io.vigil.hub.events.EventsSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web console in a real browser against the whole dev pipeline: after three weeks of demo
 * traffic, headless Chromium (Debian's, driven by playwright-core from the console's npm install)
 * signs in as an analyst, an auditor, an admin and a sender and checks what each sees — the chart
 * has values and alarm marks, the tables have rows, the other role's views stay hidden, no console
 * error or CSP violation, the token never in a URL ({@code src/test/web/console-check.mjs}).
 * Screenshots land in {@code target/web-screenshots}.
 */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class WebConsoleIT {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path WEB_NODE = Path.of("target/web-node").toAbsolutePath();
  static final Path SCREENSHOTS = Path.of("target/web-screenshots").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void eachRoleSeesItsOwnViewsFilledAfterTheDemoFeed() throws Exception {
    assumeThat(Files.isExecutable(CHROMIUM))
        .as("no %s: install Debian's chromium to run the console's browser test", CHROMIUM)
        .isTrue();
    assertThat(WEB_NODE.resolve("node_modules/playwright-core"))
        .as("the console's npm install (generate-resources; not with -Dvigil.web.skip=true)")
        .isDirectory();
    HubConfig config =
        HubConfig.forDev(dir)
            .withEvents(
                EventsSettings.defaults()
                    .withKafka(EventsSettings.KafkaMode.EMBEDDED)
                    .withAnalytics(EventsSettings.AnalyticsMode.LOCAL));
    DemoScenario scenario = new DemoScenario(21, LocalDate.now(ZoneOffset.UTC).minusDays(1), 11);
    List<DemoReport> reports = scenario.reports();
    try (HubFixture fixture = new HubFixture(config)) {
      String base = "http://127.0.0.1:" + fixture.hub.httpPort();
      DemoFeed feed =
          new DemoFeed(
              "127.0.0.1",
              fixture.hub.mllpPort(),
              URI.create(base + "/api/v1/hl7v2"),
              fixture.bearer("sender"),
              0,
              new PrintWriter(new StringWriter()));
      assertThat(feed.send(reports, "WEBIT").failed()).isZero();
      // The Flink job's tables fill within seconds; the alarms need the outbreak days scored.
      for (String table : List.of("signal WHERE alarm", "timeliness_weekly")) {
        await(table)
            .atMost(Duration.ofSeconds(150))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> fixture.scalar("SELECT count(*) FROM " + table) > 0);
      }

      Files.createDirectories(SCREENSHOTS);
      Path log = SCREENSHOTS.resolve("console-check.log");
      ProcessBuilder node =
          new ProcessBuilder("node", Path.of("src/test/web/console-check.mjs").toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Map<String, String> env = node.environment();
      env.put("CONSOLE_URL", base + "/");
      env.put("ANALYST_TOKEN", fixture.hub.devCredentials().get("analyst"));
      env.put("AUDITOR_TOKEN", fixture.hub.devCredentials().get("auditor"));
      env.put("ADMIN_TOKEN", fixture.hub.devCredentials().get("admin"));
      env.put("SENDER_TOKEN", fixture.hub.devCredentials().get("sender"));
      env.put("SCREENSHOT_DIR", SCREENSHOTS.toString());
      env.put("WEB_NODE_DIR", WEB_NODE.toString());
      env.put("CHROMIUM", CHROMIUM.toString());
      Process run = node.start();
      boolean done = run.waitFor(180, TimeUnit.SECONDS);
      if (!done) {
        run.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(done).as("console-check finished in time:%n%s", output).isTrue();
      assertThat(run.exitValue()).as("console-check:%n%s", output).isZero();
      assertThat(output).contains("console-check: all checks passed");
      for (String shot :
          List.of("console-analyst.png", "console-auditor.png", "console-admin.png")) {
        assertThat(Files.size(SCREENSHOTS.resolve(shot))).as(shot).isGreaterThan(20_000);
      }
    }
  }
}
