package io.vigil.ingest.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import io.vigil.ingest.validation.Finding;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * Checks the numbers of a JSON body before HAPI parses it. HAPI turns a JSON number into a {@code
 * DecimalType} through its plain decimal string: {@code 1e999999} becomes a million-digit string
 * and a quadratic {@code BigDecimal} parse (20–60 s of CPU for an 8-byte token; {@code 1e99999999}
 * never finishes). No value the hub reads needs more than a few dozen digits, so a number outside
 * that range refuses the body with {@code VALUE_OUT_OF_RANGE} instead of reaching the parser.
 *
 * <p>The scan is one pass of Jackson's streaming tokenizer (microseconds per kilobyte, against
 * milliseconds for HAPI's parse). Malformed JSON is left to HAPI, which reports it.
 */
final class JsonNumbers {
  /** Longest number literal accepted (FHIR decimals need 18 significant digits). */
  static final int MAX_LENGTH = 64;

  /** Largest decimal exponent of a non-zero value: |x| below 10^41 and at least 10^-40. */
  static final int MAX_MAGNITUDE = 40;

  private static final JsonFactory JSON = new JsonFactory();

  private JsonNumbers() {}

  /** The first number of {@code json} outside the accepted range, as a finding; else empty. */
  static Optional<Finding> outOfRange(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if ((t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT)
            && !inRange(p.getText())) {
          return Optional.of(
              Finding.error(
                  "VALUE_OUT_OF_RANGE",
                  102,
                  path(p.getParsingContext()),
                  "A number is too large, too small or too long for this hub (at most "
                      + MAX_LENGTH
                      + " characters and magnitudes from 1e-"
                      + MAX_MAGNITUDE
                      + " to 1e"
                      + MAX_MAGNITUDE
                      + ")"));
        }
      }
    } catch (IOException | RuntimeException malformed) {
      // HAPI's parse reports malformed JSON with its own finding.
    }
    return Optional.empty();
  }

  /** Whether a JSON number literal is within the range (without expanding its exponent). */
  static boolean inRange(String literal) {
    if (literal.length() > MAX_LENGTH) {
      return false;
    }
    BigDecimal d;
    try {
      d = new BigDecimal(literal); // keeps the exponent as a scale: cheap even for 1e999999
    } catch (NumberFormatException e) {
      return false; // an exponent beyond int range
    }
    if (Math.abs((long) d.scale()) > MAX_LENGTH) {
      return false;
    }
    long magnitude = (long) d.precision() - d.scale() - 1;
    return d.signum() == 0 || Math.abs(magnitude) <= MAX_MAGNITUDE;
  }

  /** A FHIRPath-like location ({@code Bundle.entry[3].resource.valueQuantity.value}). */
  static String path(JsonStreamContext context) {
    StringBuilder path = new StringBuilder();
    for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
      if (c.inArray()) {
        path.insert(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
      } else if (c.inObject()) {
        String name = c.getCurrentName();
        path.insert(0, "." + (SafeName.quote(name).isEmpty() ? "?" : name));
      }
    }
    return "Bundle" + path;
  }
}
