package io.vigil.hub.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Sends the demo scenario to a hub: every other message over MLLP, the rest over HTTP with a bearer
 * token, paced to a rate, with progress printed every two seconds. Counts the acknowledgement codes
 * it gets back.
 */
public final class DemoFeed {
  private final String mllpHost;
  private final int mllpPort;
  private final URI httpEndpoint;
  private final String bearer;
  private final int rate;
  private final PrintWriter out;

  /** What came back. */
  public record Tally(int sent, int accepted, int errors, int rejected, int failed) {}

  /**
   * @param httpEndpoint the hub's {@code POST /api/v1/hl7v2} URL
   * @param bearer {@code Bearer …} for HTTP, or null to send everything over MLLP
   * @param rate messages per second (0 = as fast as the hub answers)
   */
  public DemoFeed(
      String mllpHost, int mllpPort, URI httpEndpoint, String bearer, int rate, PrintWriter out) {
    this.mllpHost = mllpHost;
    this.mllpPort = mllpPort;
    this.httpEndpoint = httpEndpoint;
    this.bearer = bearer;
    this.rate = rate;
    this.out = out;
  }

  public Tally send(List<DemoReport> reports, String runId)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    int sent = 0;
    int aa = 0;
    int ae = 0;
    int ar = 0;
    int failed = 0;
    long start = System.nanoTime();
    long lastProgress = start;
    try (Socket socket = new Socket(mllpHost, mllpPort)) {
      socket.setSoTimeout(30_000);
      OutputStream os = socket.getOutputStream();
      InputStream is = socket.getInputStream();
      for (DemoReport r : reports) {
        String controlId = runId + "-" + sent;
        String message = DemoMessages.render(r, controlId);
        String code;
        if (bearer != null && sent % 2 == 1) {
          code = overHttp(http, message);
        } else {
          code = overMllp(os, is, message);
        }
        sent++;
        switch (code) {
          case "AA", "CA" -> aa++;
          case "AE", "CE" -> ae++;
          case "AR", "CR" -> ar++;
          default -> failed++;
        }
        if (rate > 0) {
          long due = start + (long) (sent * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
        long now = System.nanoTime();
        if (now - lastProgress > 2_000_000_000L || sent == reports.size()) {
          out.printf(
              "demo-feed: %d/%d sent (%.0f msg/s): %d AA, %d AE, %d AR, %d failed%n",
              sent, reports.size(), sent / ((now - start) / 1e9), aa, ae, ar, failed);
          out.flush();
          lastProgress = now;
        }
      }
    }
    return new Tally(sent, aa, ae, ar, failed);
  }

  private String overHttp(HttpClient http, String message) throws InterruptedException {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(httpEndpoint)
                  .header("Content-Type", "x-application/hl7-v2+er7")
                  .header("Authorization", bearer)
                  .timeout(Duration.ofSeconds(30))
                  .POST(HttpRequest.BodyPublishers.ofString(message, StandardCharsets.UTF_8))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return msa1(r.body());
    } catch (IOException e) {
      return "";
    }
  }

  private static String overMllp(OutputStream os, InputStream is, String message)
      throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[body.length + 3];
    frame[0] = 0x0B;
    System.arraycopy(body, 0, frame, 1, body.length);
    frame[body.length + 1] = 0x1C;
    frame[body.length + 2] = 0x0D;
    os.write(frame);
    os.flush();
    StringBuilder ack = new StringBuilder();
    int b;
    while ((b = is.read()) != 0x0B) {
      if (b < 0) {
        throw new IOException("hub closed the MLLP connection");
      }
    }
    while ((b = is.read()) != 0x1C) {
      if (b < 0) {
        throw new IOException("hub closed the MLLP connection");
      }
      ack.append((char) b);
    }
    is.read(); // trailing CR
    return msa1(ack.toString());
  }

  /** MSA-1 of an acknowledgement, or "" when there is none. */
  static String msa1(String ack) {
    for (String segment : ack.split("\r")) {
      if (segment.startsWith("MSA")) {
        String[] f = segment.split("\\|");
        return f.length > 1 ? f[1] : "";
      }
    }
    return "";
  }
}
