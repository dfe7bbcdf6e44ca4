package io.vigil.ingest.hl7v2;

import java.nio.charset.Charset;
import java.util.Objects;

/**
 * The text of a received HL7 v2 message, decoded from its exact bytes.
 *
 * @param text the message with segments separated by {@code \r} only (CRLF and LF normalised), no
 *     byte-order mark, no trailing blank segments
 * @param charset the charset the bytes were decoded with (from MSH-18, or detected);
 *     acknowledgements are encoded with the same charset
 * @param source how that charset was chosen; a sender whose MSH-18 is unknown or wrong is told
 */
public record DecodedMessage(String text, Charset charset, CharsetSource source) {

  public DecodedMessage {
    Objects.requireNonNull(source);
  }

  /** A message whose charset was detected from its bytes. */
  public DecodedMessage(String text, Charset charset) {
    this(text, charset, CharsetSource.DETECTED);
  }
}
