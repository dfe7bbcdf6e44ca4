package io.vigil.hub.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@code vigil check --ack} shows the acknowledgements of a message: what the hub sends on the
 * wire (HTTP, and MLLP with the default {@code mllp.always-answer}), and with {@code --ack-strict}
 * exactly what MSH-15/16 ask for.
 */
final class AckLines {
  private AckLines() {}

  /**
   * What goes on the wire for a message or a batch.
   *
   * @param batch whether it is the batch acknowledgement of the whole file
   * @param httpStatus the HTTP status the hub answers it with
   * @param text the ER7 acknowledgement
   */
  record Wire(boolean batch, int httpStatus, String text) {}

  /** The acknowledgements as text; either may be null (not asked for, or not this message's). */
  static void print(PrintWriter out, List<String> strict, Wire wire) {
    if (strict != null) {
      out.println(
          "  MSH-15/16 ask for "
              + (strict.isEmpty() ? "no acknowledgement" : strict.size() + " acknowledgement(s)")
              + " (MLLP with mllp.always-answer=off):");
      strict.forEach(a -> printAck(out, a));
    }
    if (wire != null) {
      out.println(
          "  "
              + (wire.batch() ? "MLLP/HTTP batch answer" : "MLLP/HTTP answer")
              + " (HTTP "
              + wire.httpStatus()
              + "):");
      printAck(out, wire.text());
    }
  }

  /** The acknowledgements into a message's JSON object. */
  static void put(JsonObject o, List<String> strict, Wire wire) {
    if (wire != null && wire.batch()) {
      o.put("batchAcknowledgement", wire.text()).put("httpStatus", wire.httpStatus());
    } else if (wire != null) {
      o.put("acknowledgements", new JsonArray(List.of(wire.text())))
          .put("httpStatus", wire.httpStatus());
    }
    if (strict != null) {
      o.put("strictAcknowledgements", new JsonArray(new ArrayList<>(strict)));
    }
  }

  private static void printAck(PrintWriter out, String ack) {
    for (String segment : ack.split("\r")) {
      out.println("  | " + segment);
    }
  }
}
