package io.vigil.hub.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a running hub's Prometheus scrape, as Prometheus would. */
final class HubMetrics {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private HubMetrics() {}

  /** A meter's value summed over its label sets; -1 when the hub does not export it (yet). */
  static double sum(int httpPort, String name) throws Exception {
    String scrape =
        HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
            .matcher(scrape);
    double sum = -1;
    while (m.find()) {
      sum = Math.max(sum, 0) + Double.parseDouble(m.group(1));
    }
    return sum;
  }
}
