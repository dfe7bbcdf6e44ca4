package io.vigil.hub.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.events.MmwrWeek;
import io.vigil.hub.DevCredentials;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds messages with distinctive patient data to a hub running as its own process (with anvil),
 * then scans what leaves the system of record — logs, /metrics, the API's receipts and checkpoints,
 * the Kafka topic, the analyst's trends, signals and doses, the auditor's timeliness cells,
 * submissions listing and signed statement, and the anchoring transactions on chain — for any of
 * it.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class PrivacyLeakIT {
  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  private String get(String url) throws Exception {
    return get(url, "auditor");
  }

  /** The body of a GET as the dev principal of {@code role}; fails on anything but 200. */
  private String get(String url, String role) throws Exception {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", DevCredentials.bearer(dir.resolve("hub"), role))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode())
        .as("GET %s as %s: %s", url, role, response.body())
        .isEqualTo(200);
    return response.body();
  }

  private String rpc(String url, String method, String param) throws Exception {
    String body =
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\""
            + method
            + "\",\"params\":[\""
            + param
            + "\"]}";
    return http.send(
            HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** A patient whose every identifying value is unique to this test. */
  private record Patient(
      String family, String given, String mrn, String birth, String street, String phone) {
    String elr(String controlId) {
      return TestMessages.elr("12D1234567", controlId)
          .replace("Testpatient^Alice", family + "^" + given)
          .replace("MRN12345", mrn)
          .replace("19850315", birth)
          .replace("123 Main St", street)
          .replace("5550100", phone);
    }

    List<String> values() {
      return List.of(family, given, mrn, birth, street, phone);
    }
  }

  @Test
  void noPatientDataLeavesTheSystemOfRecord() throws Exception {
    List<Patient> patients = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      patients.add(
          new Patient(
              "Quorvath" + i,
              "Ilsabet" + i,
              "MRX" + (700000 + i),
              "1960" + String.format("%02d", 1 + i % 12) + String.format("%02d", 1 + i % 28),
              (4100 + i) + " Juniperhollow Rd",
              String.format("55591%02d", i)));
    }
    HubProcess hub =
        HubProcess.startDev(
            "--data-dir", dir.resolve("hub").toString(), "--mllp-port", "0", "--http-port", "0");
    try {
      String all = hub.output();
      Matcher ports =
          Pattern.compile("MLLP [0-9.]+:(\\d+).*HTTP http://[0-9.]+:(\\d+)").matcher(all);
      assertThat(ports.find()).isTrue();
      int mllpPort = Integer.parseInt(ports.group(1));
      String base = "http://127.0.0.1:" + ports.group(2);

      try (MllpClient client = new MllpClient(mllpPort)) {
        for (int i = 0; i < patients.size(); i++) {
          String message = patients.get(i).elr("PRIV-" + i);
          if (i % 10 == 9) {
            message = message.replace("94500-6", "94500-5"); // some with errors: findings too
          }
          client.send(message);
        }
      }
      List<String> outbound = new ArrayList<>();
      String lastId =
          new JsonObject(get(base + "/api/v1/submissions?controlId=PRIV-39"))
              .getJsonArray("submissions")
              .getJsonObject(0)
              .getString("id");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  "anchored"
                      .equals(
                          new JsonObject(get(base + "/api/v1/submissions/" + lastId + "/receipt"))
                              .getString("status")));
      for (int i = 0; i < patients.size(); i++) {
        String id =
            new JsonObject(get(base + "/api/v1/submissions?controlId=PRIV-" + i))
                .getJsonArray("submissions")
                .getJsonObject(0)
                .getString("id");
        outbound.add(get(base + "/api/v1/submissions/" + id));
        outbound.add(get(base + "/api/v1/submissions/" + id + "/receipt"));
      }
      outbound.add(get(base + "/metrics"));
      // Every de-identified event the hub published to Kafka.
      await().atMost(Duration.ofSeconds(30)).until(() -> hub.output().contains("Vigil events:"));
      Matcher kafka = Pattern.compile("Vigil events: Kafka (\\S+),").matcher(hub.output());
      assertThat(kafka.find()).isTrue();
      java.util.Map<String, String> events = EventPipelineIT.consumeAll(kafka.group(1), 36);
      assertThat(events).hasSize(36); // 40 sent, 4 with an error (AE): no events for those
      outbound.addAll(events.values());
      String checkpoints = get(base + "/api/v1/log/checkpoints");
      outbound.add(checkpoints);
      JsonObject chain = new JsonObject(Files.readString(dir.resolve("hub/chain.json")));
      JsonArray list = new JsonObject(checkpoints).getJsonArray("checkpoints");
      for (int i = 0; i < list.size(); i++) {
        JsonObject anchor = list.getJsonObject(i).getJsonObject("anchor");
        if (anchor != null) {
          outbound.add(
              rpc(
                  chain.getString("rpcUrl"),
                  "eth_getTransactionByHash",
                  anchor.getString("txHash")));
        }
      }
      // What analysts and auditors read: suppressed trends, signals and doses once the Flink job
      // has written them, timeliness cells, the submissions listing and a signed statement.
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () ->
                  !new JsonObject(get(base + "/api/v1/trends?condition=COVID-19", "analyst"))
                      .getJsonArray("rows")
                      .isEmpty());
      for (String query :
          List.of(
              "/api/v1/trends?condition=COVID-19&breakdown=age_band,sex",
              "/api/v1/trends?condition=COVID-19&granularity=week&format=csv",
              "/api/v1/signals?condition=COVID-19",
              "/api/v1/doses")) {
        outbound.add(get(base + query, "analyst"));
      }
      MmwrWeek thisWeek = MmwrWeek.of(LocalDate.now(ZoneOffset.UTC));
      MmwrWeek weeksAgo = MmwrWeek.of(LocalDate.now(ZoneOffset.UTC).minusWeeks(60));
      String range = "from=" + weeksAgo + "&to=" + thisWeek;
      outbound.add(get(base + "/api/v1/timeliness?" + range));
      outbound.add(get(base + "/api/v1/timeliness?format=csv&" + range));
      outbound.add(get(base + "/api/v1/submissions?limit=100"));
      outbound.add(get(base + "/api/v1/timeliness/statement?sender=12D1234567&" + range));
      outbound.add(hub.output());
      // The leaves inside receipts are base64: decode them too before scanning.
      List<String> decoded = new ArrayList<>();
      for (String s : outbound) {
        Matcher leaf = Pattern.compile("\"leaf\":\"([A-Za-z0-9+/=]+)\"").matcher(s);
        while (leaf.find()) {
          decoded.add(
              new String(
                  java.util.Base64.getDecoder().decode(leaf.group(1)),
                  StandardCharsets.ISO_8859_1));
        }
      }
      outbound.addAll(decoded);

      String everything = String.join("\n", outbound);
      assertThat(everything).contains("PRIV-39"); // the scan does see what the hub said
      for (Patient p : patients) {
        for (String value : p.values()) {
          assertThat(everything).as("leaked patient value").doesNotContain(value);
        }
      }
    } finally {
      hub.close();
    }
  }
}
