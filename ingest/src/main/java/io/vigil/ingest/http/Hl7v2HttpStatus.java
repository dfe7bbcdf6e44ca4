package io.vigil.ingest.http;

import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.hl7v2.Disposition;

/**
 * The HTTP status of a stored HL7 v2 message's answer over HTTP, which {@code vigil check --ack}
 * shows as the hub sends it.
 */
public final class Hl7v2HttpStatus {
  private Hl7v2HttpStatus() {}

  /** 200, 422 for content errors, 400 for a reject, of a stored message answered {@code code}. */
  public static int ofStored(AckCode code, Disposition disposition) {
    return switch (code) {
      case AA -> 200;
      // A CA carries content errors when MSH-16 asked for no application acknowledgement (ELR's
      // NE/NE, AL/NE): the status follows the outcome, the one thing every HTTP client reads.
      case CA -> disposition == Disposition.ERROR ? 422 : 200;
      case AE -> 422;
      case AR, CR -> 400;
      case CE -> 503;
    };
  }
}
