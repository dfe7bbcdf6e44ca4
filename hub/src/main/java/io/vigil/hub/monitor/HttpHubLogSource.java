package io.vigil.hub.monitor;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the hub's provenance API over HTTP: {@code GET /api/v1/log/checkpoints?limit=N} and {@code
 * GET /api/v1/log/consistency?from=&to=}.
 */
public final class HttpHubLogSource implements HubLogSource {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final String base;
  private final HttpClient http;

  /** A source for the hub at {@code baseUrl}, e.g. {@code https://hub.example.gov}. */
  public HttpHubLogSource(String baseUrl) {
    URI uri = URI.create(baseUrl);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the hub URL must be http:// or https://: " + baseUrl);
    }
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  }

  @Override
  public Listing checkpoints(int limit) throws HubException {
    JsonObject body = get("/api/v1/log/checkpoints?limit=" + limit);
    try {
      JsonArray items = body.getJsonArray("checkpoints");
      List<Listed> out = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        JsonObject cp = items.getJsonObject(i);
        JsonObject anchor = cp.getJsonObject("anchor");
        out.add(
            new Listed(
                cp.getLong("treeSize"),
                Hash.fromHex(cp.getString("rootHash")),
                requireNonNull(cp.getString("note"), "note"),
                anchor == null
                    ? Optional.empty()
                    : Optional.of(
                        new Anchor(
                            anchor.getString("contract"),
                            anchor.getString("txHash"),
                            anchor.getLong("blockNumber", 0L)))));
      }
      return new Listing(out, Optional.ofNullable(body.getString("logKey")));
    } catch (RuntimeException e) {
      throw new HubException(true, "unreadable checkpoint list from the hub: " + e.getMessage(), e);
    }
  }

  @Override
  public ConsistencyProof consistency(long from, long to) throws HubException {
    JsonObject body = get("/api/v1/log/consistency?from=" + from + "&to=" + to);
    try {
      JsonArray proof = body.getJsonArray("proof");
      List<Hash> hashes = new ArrayList<>();
      for (int i = 0; i < proof.size(); i++) {
        hashes.add(Hash.fromHex(proof.getString(i)));
      }
      // The sizes are the ones asked for: a proof is only ever checked against them.
      return new ConsistencyProof(from, to, hashes);
    } catch (RuntimeException e) {
      throw new HubException(
          true, "unreadable consistency proof " + from + "→" + to + ": " + e.getMessage(), e);
    }
  }

  private JsonObject get(String path) throws HubException {
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new HubException(false, "GET " + path + " failed: " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HubException(false, "GET " + path + " interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new HubException(false, "GET " + path + " answered HTTP " + response.statusCode());
    }
    try {
      return new JsonObject(response.body());
    } catch (RuntimeException e) {
      throw new HubException(true, "GET " + path + " did not answer JSON", e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static <T> T requireNonNull(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value;
  }
}
