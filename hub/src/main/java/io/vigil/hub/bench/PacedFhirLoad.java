package io.vigil.hub.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;

/**
 * A trickle of FHIR traffic beside the soak's MLLP load: one client posting a lab message Bundle to
 * {@code $process-message} at {@code rate} a second on a keep-alive connection, with the dev
 * sender's bearer token; an answer other than 200 counts as an error.
 */
final class PacedFhirLoad implements AutoCloseable {
  // One fixed executor thread: the default executor is a cached pool whose threads come and go,
  // which would show in the soak's thread count as noise.
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "soak-fhir-client");
            t.setDaemon(true);
            return t;
          });
  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .executor(executor)
          .build();
  private final URI uri;
  private final String authorization;
  private final FhirBundleFactory factory;
  private final long intervalNanos;
  private final SoakWindow window;
  private final Thread thread;
  private volatile boolean running = true;

  PacedFhirLoad(
      int port, String authorization, FhirBundleFactory factory, double rate, SoakWindow window) {
    this.uri = URI.create("http://127.0.0.1:" + port + "/fhir/r4/$process-message");
    this.authorization = authorization;
    this.factory = factory;
    this.intervalNanos = (long) (1e9 / rate);
    this.window = window;
    this.thread = new Thread(this::drive, "soak-fhir");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void drive() {
    long next = System.nanoTime();
    long n = 0;
    while (running) {
      long now = System.nanoTime();
      if (next > now) {
        LockSupport.parkNanos(Math.min(next - now, 100_000_000L));
        continue;
      }
      next = Math.max(next + intervalNanos, now);
      HttpRequest request =
          HttpRequest.newBuilder(uri)
              .timeout(Duration.ofSeconds(30))
              .header("Content-Type", "application/fhir+json")
              .header("Authorization", authorization)
              .POST(HttpRequest.BodyPublishers.ofByteArray(factory.bundle(n++)))
              .build();
      try {
        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        window.http(status == 200);
      } catch (java.io.IOException e) {
        if (running) {
          window.http(false);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.join(31_000L);
    executor.shutdown();
  }
}
