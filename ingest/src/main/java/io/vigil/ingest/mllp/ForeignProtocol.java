package io.vigil.ingest.mllp;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a peer that does not speak MLLP speaks instead, judged from the first bytes of its
 * connection. These are the usual onboarding mistakes: a TLS client on a plain-text port, an HTTP
 * client on the MLLP port, or a sender that writes bare HL7 v2 without MLLP's start and end blocks.
 * Each would otherwise wait for answers that never come, with nothing in the hub's log.
 */
enum ForeignProtocol {
  /** A TLS record header: handshake (22), version 3.x. */
  TLS(
      true,
      "a TLS handshake on a plain-text MLLP port: connect without TLS, or enable mllp.tls on the"
          + " hub"),
  /** An HTTP request line. */
  HTTP(true, "an HTTP request on the MLLP port: HL7 v2 over HTTP is POST /api/v1/hl7v2"),
  /** An HL7 v2 message (or batch header) with no VT before it. */
  UNFRAMED_HL7(
      false,
      "HL7 v2 without MLLP framing: each message must start with VT (0x0B) and end with FS CR"
          + " (0x1C 0x0D); unframed bytes are skipped");

  private static final String HTTP_REPLY_BODY =
      "This port speaks MLLP (HL7 v2 over TCP), not HTTP. Send HL7 v2 over HTTP as POST"
          + " /api/v1/hl7v2 on the HTTP port.\n";

  /** The answer an HTTP client gets before the connection closes. */
  static final byte[] HTTP_REPLY =
      ("HTTP/1.1 400 Bad Request\r\n"
              + "Content-Type: text/plain; charset=us-ascii\r\n"
              + "Connection: close\r\n"
              + "Content-Length: "
              + HTTP_REPLY_BODY.length()
              + "\r\n\r\n"
              + HTTP_REPLY_BODY)
          .getBytes(StandardCharsets.US_ASCII);

  private static final String[] HTTP_METHODS = {
    "GET ", "POST ", "PUT ", "HEAD ", "OPTIONS ", "DELETE ", "PATCH ", "CONNECT ", "PRI * HTTP/2"
  };
  private static final String[] HL7_STARTS = {"MSH", "FHS", "BHS"};

  private final boolean closes;
  private final String description;

  ForeignProtocol(boolean closes, String description) {
    this.closes = closes;
    this.description = description;
  }

  /** True when no MLLP frame can follow, so the connection is closed at once. */
  boolean closes() {
    return closes;
  }

  /** For the log: what was seen and what the sender should do. */
  String description() {
    return description;
  }

  /** The protocol the connection's first bytes belong to; empty for MLLP and for unknown bytes. */
  static Optional<ForeignProtocol> sniff(byte[] first, int length) {
    int n = Math.min(length, first.length);
    if (n == 0 || first[0] == MllpFrameDecoder.START_BLOCK) {
      return Optional.empty();
    }
    if (n >= 3 && first[0] == 0x16 && first[1] == 0x03 && (first[2] & 0xFF) <= 0x04) {
      return Optional.of(TLS);
    }
    String head = new String(first, 0, Math.min(n, 16), StandardCharsets.ISO_8859_1);
    for (String method : HTTP_METHODS) {
      if (head.startsWith(method)) {
        return Optional.of(HTTP);
      }
    }
    // A byte-order mark or line ends may come before the first segment (ASCII bytes, so one
    // char per byte in ISO-8859-1).
    String trimmed = head.replaceFirst("^(\u00EF\u00BB\u00BF)?[ \t\r\n]*", "");
    for (String segment : HL7_STARTS) {
      if (trimmed.startsWith(segment)) {
        return Optional.of(UNFRAMED_HL7);
      }
    }
    return Optional.empty();
  }
}
