package io.vigil.anchoring.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * Test helper: one JSON-RPC call, for methods web3j core lacks ({@code anvil_*}, {@code evm_*}).
 */
final class RawRpc {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private RawRpc() {}

  static JsonNode call(String rpcUrl, String method, Object... params) {
    try {
      String body =
          JSON.writeValueAsString(
              Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(rpcUrl))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode node = JSON.readTree(response.body());
      if (node.has("error")) {
        throw new IllegalStateException(method + ": " + node.get("error"));
      }
      return node.get("result");
    } catch (IOException e) {
      throw new IllegalStateException(method + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Revert data (or error) of an {@code eth_call}. */
  static JsonNode callError(String rpcUrl, String from, String to, String data) {
    try {
      String body =
          JSON.writeValueAsString(
              Map.of(
                  "jsonrpc",
                  "2.0",
                  "id",
                  1,
                  "method",
                  "eth_call",
                  "params",
                  List.of(Map.of("from", from, "to", to, "data", data), "latest")));
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(rpcUrl))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(response.body()).get("error");
    } catch (IOException e) {
      throw new IllegalStateException("eth_call failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static long nonce(String rpcUrl, String address, String block) {
    return Long.decode(call(rpcUrl, "eth_getTransactionCount", address, block).asText());
  }
}
