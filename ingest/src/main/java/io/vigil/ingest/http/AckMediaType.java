package io.vigil.ingest.http;

import java.util.List;
import java.util.Locale;

/**
 * Which answer an HL7 v2 submitter's {@code Accept} header asks for: the HL7 acknowledgement (ER7)
 * or the JSON receipt. Media ranges are weighed by their {@code q} (RFC 9110 §12.5.1); between
 * equal weights the one listed first wins; without a header, or when neither is acceptable, the
 * answer is the acknowledgement, which every HL7 sender can read.
 *
 * <p>The acknowledgement is labelled with the ER7 media type the request used ({@link #er7}): HL7
 * over HTTP clients (HAPI's {@code hapi-hl7overhttp}) refuse an answer in a type they do not know.
 */
final class AckMediaType {
  /** The hub's own name for ER7, used when the request named no ER7 type. */
  static final String DEFAULT_ER7 = "x-application/hl7-v2+er7";

  /**
   * The ER7 media types an acknowledgement is labelled with when the request used one (or, failing
   * that, {@code Accept} names one); the generic types the hub also accepts ({@code text/plain},
   * {@code application/octet-stream}) are not among them.
   */
  static final List<String> ER7_TYPES =
      List.of(
          DEFAULT_ER7,
          "application/hl7-v2",
          "application/hl7-v2+er7",
          "application/edi-hl7",
          "application/x-hl7");

  private AckMediaType() {}

  /**
   * The media type of the acknowledgement (without its charset): the request's {@code Content-Type}
   * when it is one of {@link #ER7_TYPES}; else the one of them {@code Accept} weighs highest (the
   * first listed among equals); else {@link #DEFAULT_ER7}.
   */
  static String er7(String contentType, String accept) {
    String sent = contentType == null ? "" : mediaType(contentType);
    if (ER7_TYPES.contains(sent)) {
      return sent;
    }
    if (accept == null || accept.isBlank()) {
      return DEFAULT_ER7;
    }
    String best = DEFAULT_ER7;
    double weight = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      if (ER7_TYPES.contains(type) && q > weight) {
        best = type;
        weight = q;
      }
    }
    return best;
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /** True when the JSON receipt is preferred to the acknowledgement. */
  static boolean prefersJson(String accept) {
    if (accept == null || accept.isBlank()) {
      return false;
    }
    double json = -1;
    double er7 = -1;
    int jsonAt = Integer.MAX_VALUE;
    int er7At = Integer.MAX_VALUE;
    String[] ranges = accept.split(",");
    for (int i = 0; i < ranges.length; i++) {
      String[] parts = ranges[i].split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = quality(parts);
      if (type.equals("application/json") || type.endsWith("+json")) {
        if (q > json) {
          json = q;
          jsonAt = i;
        }
      } else if (type.contains("hl7-v2") || type.equals("text/plain") || type.equals("*/*")) {
        if (q > er7) {
          er7 = q;
          er7At = i;
        }
      }
    }
    return json > 0 && (json > er7 || (json == er7 && jsonAt < er7At));
  }

  private static double quality(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.length() > 2 && (p.charAt(0) == 'q' || p.charAt(0) == 'Q') && p.charAt(1) == '=') {
        try {
          return Math.max(0, Math.min(1, Double.parseDouble(p.substring(2).trim())));
        } catch (NumberFormatException e) {
          return 1; // an unreadable weight counts as the default
        }
      }
    }
    return 1;
  }
}
