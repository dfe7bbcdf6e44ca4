package io.vigil.hub.cli;

import io.vertx.core.json.JsonObject;
import io.vigil.hub.demo.DemoFeed;
import io.vigil.hub.demo.DemoReport;
import io.vigil.hub.demo.DemoScenario;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil demo-feed}: sends realistic synthetic ELR and VXU traffic from several labs to a
 * running hub (by default the dev hub of {@code ./vigil start-dev}).
 */
@Command(
    name = "demo-feed",
    mixinStandardHelpOptions = true,
    description =
        "Send synthetic ELR and VXU traffic (seasonal curves, a county outbreak, late and"
            + " malformed reports) to a running hub over MLLP and HTTP")
final class DemoFeedCommand implements Callable<Integer> {
  @Option(names = "--mllp", description = "MLLP host:port (default ${DEFAULT-VALUE})")
  String mllp = "127.0.0.1:2575";

  @Option(names = "--http", description = "HTTP base URL (default ${DEFAULT-VALUE})")
  String http = "http://127.0.0.1:8080";

  @Option(
      names = "--data-dir",
      description =
          "the dev hub's data directory, for its dev-credentials.json (default ${DEFAULT-VALUE})")
  Path dataDir = Path.of(".vigil-dev");

  @Option(
      names = "--token",
      description = "bearer token of a sender for HTTP (else dev credentials)")
  String token;

  @Option(
      names = "--rate",
      description = "messages per second, 0 = unpaced (default ${DEFAULT-VALUE})")
  int rate = 200;

  @Option(
      names = "--days",
      description = "days of history ending yesterday (default ${DEFAULT-VALUE})")
  int days = 28;

  @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
  long seed = 42;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String[] hostPort = mllp.split(":");
    if (hostPort.length != 2) {
      err.println("demo-feed: --mllp is host:port");
      return 2;
    }
    String bearer = token != null ? "Bearer " + token : devSenderToken(err);
    // The scenario ends yesterday, so every report's dates are safely in the past.
    LocalDate last = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    DemoScenario scenario = new DemoScenario(days, last, seed);
    List<DemoReport> reports = scenario.reports();
    out.printf(
        "demo-feed: %d reports over %d days (outbreak in county %s, %s to %s), %s%n",
        reports.size(),
        days,
        DemoScenario.OUTBREAK_COUNTY,
        scenario.outbreakStart(),
        scenario.outbreakEnd(),
        bearer == null ? "MLLP only (no token for HTTP)" : "MLLP and HTTP");
    DemoFeed feed =
        new DemoFeed(
            hostPort[0],
            Integer.parseInt(hostPort[1]),
            URI.create(http + "/api/v1/hl7v2"),
            bearer,
            rate,
            out);
    String runId = "DEMO" + Long.toString(System.currentTimeMillis() % 1_000_000, 36).toUpperCase();
    DemoFeed.Tally t = feed.send(reports, runId);
    out.printf(
        "demo-feed: done: %d sent, %d accepted, %d with errors, %d rejected, %d not answered%n",
        t.sent(), t.accepted(), t.errors(), t.rejected(), t.failed());
    out.println(
        "demo-feed: trends appear within seconds: GET "
            + http
            + "/api/v1/trends?condition=COVID-19&jurisdiction=17&breakdown=age_band (analyst token)");
    return t.failed() == 0 ? 0 : 1;
  }

  private String devSenderToken(PrintWriter err) {
    Path file = dataDir.resolve("dev-credentials.json");
    try {
      return "Bearer " + new JsonObject(Files.readString(file)).getString("sender");
    } catch (Exception e) {
      err.println(
          "demo-feed: no " + file + " (give --token or --data-dir); sending over MLLP only");
      return null;
    }
  }
}
