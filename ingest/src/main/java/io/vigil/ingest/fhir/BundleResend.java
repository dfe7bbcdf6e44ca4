package io.vigil.ingest.fhir;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether a Bundle that reuses a stored Bundle's sending facility and {@code Bundle.identifier} is
 * that Bundle sent again. A sender that rebuilds a Bundle to retry it may give it a new logical id,
 * {@code meta} and {@code timestamp}, and serialise it differently; anything else that differs
 * makes it another Bundle under a reused identifier.
 */
final class BundleResend {
  private BundleResend() {}

  static boolean isResendOf(byte[] stored, byte[] again) {
    if (Arrays.equals(stored, again)) {
      return true;
    }
    try {
      return withoutEnvelope(stored).equals(withoutEnvelope(again));
    } catch (RuntimeException e) {
      return false; // not both JSON objects: different bytes are a different submission
    }
  }

  private static JsonObject withoutEnvelope(byte[] json) {
    String text = new String(json, StandardCharsets.UTF_8).strip();
    // A byte-order mark is not JSON; the examiner reads past it, so does this.
    JsonObject bundle = new JsonObject(text.startsWith("\uFEFF") ? text.substring(1) : text);
    bundle.remove("id");
    bundle.remove("meta");
    bundle.remove("timestamp");
    return bundle;
  }
}
