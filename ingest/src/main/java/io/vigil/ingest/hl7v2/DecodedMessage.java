package io.vigil.ingest.hl7v2;

import java.nio.charset.Charset;

/**
 * The text of a received HL7 v2 message, decoded from its exact bytes.
 *
 * @param text the message with segments separated by {@code \r} only (CRLF and LF normalised), no
 *     byte-order mark, no trailing blank segments
 * @param charset the charset the bytes were decoded with (from MSH-18, or detected);
 *     acknowledgements are encoded with the same charset
 */
public record DecodedMessage(String text, Charset charset) {}
