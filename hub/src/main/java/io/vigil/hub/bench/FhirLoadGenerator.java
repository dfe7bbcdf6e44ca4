package io.vigil.hub.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Closed-loop HTTP load: {@code clients} concurrent requests on keep-alive connections, each
 * sending its next Bundle as soon as its previous answer arrived; latency from the request's first
 * byte sent to the whole answer read.
 */
final class FhirLoadGenerator {

  /**
   * One run's outcome.
   *
   * @param requests answered requests
   * @param notOk answers with another status than {@code okStatus}
   * @param errors requests that failed (connection, timeout)
   */
  record Result(
      long requests,
      double seconds,
      double perSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs,
      long notOk,
      long errors) {}

  private final String host;
  private final int port;
  private final String path;
  private final int clients;
  private final int okStatus;
  private final String authorization;
  private final AtomicReference<String> firstNotOk = new AtomicReference<>();

  /**
   * @param authorization the {@code Authorization} header sent with every request, or null
   */
  FhirLoadGenerator(
      String host, int port, String path, int clients, int okStatus, String authorization) {
    this.host = host;
    this.port = port;
    this.path = path;
    this.clients = clients;
    this.okStatus = okStatus;
    this.authorization = authorization;
  }

  /** The status and the start of the body of the first answer that was not {@code okStatus}. */
  String firstNotOk() {
    return firstNotOk.get();
  }

  Result run(long first, int count, LongFunction<byte[]> bodies) throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      HttpClient client =
          vertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true).setIdleTimeout(60),
              new PoolOptions().setHttp1MaxSize(clients));
      long[] latencies = new long[count];
      AtomicLong next = new AtomicLong();
      AtomicLong done = new AtomicLong();
      AtomicLong notOk = new AtomicLong();
      AtomicLong errors = new AtomicLong();
      CompletableFuture<Void> finished = new CompletableFuture<>();
      long start = System.nanoTime();
      Runnable[] loop = new Runnable[1];
      loop[0] =
          () -> {
            long i = next.getAndIncrement();
            if (i >= count) {
              return;
            }
            byte[] body = bodies.apply(first + i);
            long sent = System.nanoTime();
            client
                .request(
                    new RequestOptions()
                        .setMethod(HttpMethod.POST)
                        .setHost(host)
                        .setPort(port)
                        .setURI(path)
                        .setIdleTimeout(120_000)
                        .putHeader("Content-Type", "application/fhir+json"))
                .compose(
                    req -> {
                      if (authorization != null) {
                        req.putHeader("Authorization", authorization);
                      }
                      return req.send(Buffer.buffer(body));
                    })
                .compose(
                    resp ->
                        resp.body()
                            .map(
                                b -> {
                                  if (resp.statusCode() != okStatus) {
                                    String text = b.toString();
                                    firstNotOk.compareAndSet(
                                        null,
                                        resp.statusCode()
                                            + " "
                                            + text.substring(0, Math.min(300, text.length())));
                                  }
                                  return resp.statusCode();
                                }))
                .onComplete(
                    ar -> {
                      latencies[(int) i] = System.nanoTime() - sent;
                      if (ar.failed()) {
                        errors.incrementAndGet();
                      } else if (ar.result() != okStatus) {
                        notOk.incrementAndGet();
                      }
                      if (done.incrementAndGet() == count) {
                        finished.complete(null);
                      } else {
                        loop[0].run();
                      }
                    });
          };
      for (int c = 0; c < Math.min(clients, count); c++) {
        vertx.runOnContext(v -> loop[0].run());
      }
      finished.get(30, TimeUnit.MINUTES);
      double seconds = (System.nanoTime() - start) / 1e9;
      Arrays.sort(latencies);
      return new Result(
          count,
          seconds,
          count / seconds,
          ms(latencies, 0.50),
          ms(latencies, 0.90),
          ms(latencies, 0.99),
          latencies[count - 1] / 1e6,
          notOk.get(),
          errors.get());
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static double ms(long[] sorted, double q) {
    int k = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, k))] / 1e6;
  }
}
