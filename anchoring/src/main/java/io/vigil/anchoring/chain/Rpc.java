package io.vigil.anchoring.chain;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;

/**
 * Plain Ethereum JSON-RPC over HTTP with retries: transport failures (connection refused, timeout,
 * HTTP 5xx) are retried with exponential backoff and end in {@link ChainUnavailableException};
 * JSON-RPC errors are answers and go back to the caller unretried.
 */
final class Rpc implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Rpc.class);
  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);

  private final Web3j web3j;
  private final String endpoint;
  private final Backoff backoff;
  private final int attempts;

  Rpc(String rpcUrl, Backoff backoff, int attempts) {
    OkHttpClient http =
        HttpService.getOkHttpClientBuilder()
            .connectTimeout(HTTP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .readTimeout(HTTP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .writeTimeout(HTTP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .build();
    this.web3j = Web3j.build(new HttpService(rpcUrl, http));
    this.endpoint = redact(rpcUrl);
    this.backoff = backoff;
    this.attempts = attempts;
  }

  Web3j web3j() {
    return web3j;
  }

  /** The endpoint without user info, path or query, fit for logs. */
  String endpoint() {
    return endpoint;
  }

  /** Sends {@code request}, retrying transport failures. */
  <T extends Response<?>> T send(String method, Request<?, T> request)
      throws ChainUnavailableException {
    for (int attempt = 1; ; attempt++) {
      try {
        return request.send();
      } catch (IOException | ClientConnectionException e) {
        if (attempt >= attempts) {
          throw new ChainUnavailableException(
              "chain unreachable after " + attempt + " attempts [endpoint: " + endpoint + "]", e);
        }
        Duration delay = backoff.delay(attempt);
        LOG.warn(
            "chain call failed, retrying [method: {}, endpoint: {}, attempt: {}/{}, delay: {} ms,"
                + " error: {}]",
            method,
            endpoint,
            attempt,
            attempts,
            delay.toMillis(),
            e.toString());
        sleep(delay);
      }
    }
  }

  /** Like {@link #send}, and a JSON-RPC error answer becomes a {@link ChainException}. */
  <T extends Response<?>> T call(String method, Request<?, T> request) throws ChainException {
    T response = send(method, request);
    if (response.hasError()) {
      throw new ChainException(
          method
              + " failed [endpoint: "
              + endpoint
              + ", error: "
              + response.getError().getMessage()
              + "]");
    }
    return response;
  }

  static void sleep(Duration delay) throws ChainUnavailableException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChainUnavailableException("interrupted while waiting for the chain", e);
    }
  }

  static String redact(String rpcUrl) {
    try {
      URI uri = URI.create(rpcUrl);
      if (uri.getHost() == null) {
        return "<unparseable url>";
      }
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return "<unparseable url>";
    }
  }

  @Override
  public void close() {
    web3j.shutdown();
  }
}
