package io.vigil.hub.cli;

import io.vertx.core.json.JsonObject;
import io.vigil.hub.timeliness.WeekRange;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil timeliness-statement}: fetches a signed timeliness statement from a hub. */
@Command(
    name = "timeliness-statement",
    mixinStandardHelpOptions = true,
    description =
        "Fetch a signed timeliness statement for a sender and a range of MMWR weeks."
            + " Exit 0 written, 1 refused by the hub, 2 usage or I/O.")
final class TimelinessStatementCommand implements Callable<Integer> {
  @Option(names = "--sender", required = true, description = "facility id the messages carry")
  String sender;

  @Option(names = "--from", required = true, description = "first MMWR week, e.g. 2026-W01")
  String from;

  @Option(names = "--to", required = true, description = "last MMWR week, e.g. 2026-W04")
  String to;

  @Option(names = "--hub", required = true, description = "hub base URL, e.g. http://host:8080")
  String hub;

  @Option(names = "--token", description = "bearer token (auditor, or the sender's own)")
  String token;

  @Option(
      names = "--data-dir",
      description = "a start-dev data directory: use its dev auditor token")
  Path dataDir;

  @Option(names = "--out", description = "file to write the statement to (default: stdout)")
  Path outFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      WeekRange.parse(from, to);
    } catch (IllegalArgumentException e) {
      err.println("timeliness-statement: " + e.getMessage());
      return 2;
    }
    if (token == null && dataDir != null) {
      Path creds = dataDir.resolve("dev-credentials.json");
      if (!Files.exists(creds)) {
        err.println("timeliness-statement: " + creds + " not found");
        return 2;
      }
      token = new JsonObject(Files.readString(creds)).getString("auditor");
    }
    if (token == null) {
      err.println("timeliness-statement: give --token (or --data-dir of a start-dev hub)");
      return 2;
    }
    URI uri =
        URI.create(
            hub.replaceAll("/+$", "")
                + "/api/v1/timeliness/statement?sender="
                + URLEncoder.encode(sender, StandardCharsets.UTF_8)
                + "&from="
                + URLEncoder.encode(from, StandardCharsets.UTF_8)
                + "&to="
                + URLEncoder.encode(to, StandardCharsets.UTF_8));
    HttpResponse<String> response;
    try {
      response =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(
                  HttpRequest.newBuilder(uri)
                      .timeout(Duration.ofSeconds(120))
                      .header("Authorization", "Bearer " + token)
                      .build(),
                  HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (java.io.IOException e) {
      err.println("timeliness-statement: the hub is not reachable: " + e.getMessage());
      return 2;
    }
    if (response.statusCode() != 200) {
      err.println(
          "timeliness-statement: the hub answered "
              + response.statusCode()
              + ": "
              + response.body());
      return 1;
    }
    if (outFile != null) {
      Files.writeString(outFile, response.body(), StandardCharsets.UTF_8);
      out.println("statement written to " + outFile);
    } else {
      out.print(response.body());
    }
    out.flush();
    return 0;
  }
}
