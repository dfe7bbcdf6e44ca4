package io.vigil.ingest.http;

import java.util.Locale;

/**
 * Which answer an HL7 v2 submitter's {@code Accept} header asks for: the HL7 acknowledgement (ER7)
 * or the JSON receipt. Media ranges are weighed by their {@code q} (RFC 9110 §12.5.1); between
 * equal weights the one listed first wins; without a header, or when neither is acceptable, the
 * answer is the acknowledgement, which every HL7 sender can read.
 */
final class AckMediaType {
  private AckMediaType() {}

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
