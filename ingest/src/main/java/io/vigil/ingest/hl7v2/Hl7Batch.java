package io.vigil.ingest.hl7v2;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * HL7 v2 batch protocol (v2.5.1 section 2.10.3): {@code [FHS] BHS {MSH...} BTS [FTS]}. Splits a
 * decoded batch into its messages and renders the batch acknowledgement that wraps the per-message
 * ACKs. A plain message with no batch headers splits into itself.
 */
public final class Hl7Batch {

  private Hl7Batch() {}

  /**
   * The batch envelope of a received batch, as needed for its acknowledgement: values come from
   * BHS, or from FHS when there is no BHS.
   *
   * @param fieldSeparator FHS-1/BHS-1
   * @param encodingCharacters FHS-2/BHS-2
   * @param fileHeader whether the batch came inside FHS/FTS (the ACK then does too)
   * @param sendingApplication BHS-3 raw
   * @param sendingFacility BHS-4 raw
   * @param receivingApplication BHS-5 raw
   * @param receivingFacility BHS-6 raw
   * @param fileControlId FHS-11; empty without FHS
   * @param batchControlId BHS-11
   */
  public record BatchHeader(
      char fieldSeparator,
      String encodingCharacters,
      boolean fileHeader,
      String sendingApplication,
      String sendingFacility,
      String receivingApplication,
      String receivingFacility,
      String fileControlId,
      String batchControlId) {}

  /** True when the text starts with a file or batch header segment. */
  public static boolean isBatch(String text) {
    if (text == null) {
      return false;
    }
    String t = text.stripLeading();
    return t.startsWith("FHS") || t.startsWith("BHS");
  }

  /**
   * The texts of the messages in a batch, in order, each with {@code \r}-separated segments.
   * Segments outside any message (batch headers and trailers, stray lines before the first MSH) are
   * dropped; a text with no batch headers yields its single message.
   */
  public static List<String> split(String text) {
    List<String> messages = new ArrayList<>();
    if (text == null) {
      return messages;
    }
    StringBuilder current = null;
    for (String segment : Er7.segments(text.replace("\r\n", "\r").replace('\n', '\r'))) {
      String id = segment.length() >= 3 ? segment.substring(0, 3) : segment;
      switch (id) {
        case "MSH" -> {
          addIfAny(messages, current);
          current = new StringBuilder(segment);
        }
        case "FHS", "BHS", "BTS", "FTS" -> {
          addIfAny(messages, current);
          current = null;
        }
        default -> {
          if (current != null) {
            current.append('\r').append(segment);
          }
        }
      }
    }
    addIfAny(messages, current);
    return messages;
  }

  /** The FHS/BHS envelope of a batch, or empty when the text is not a batch. */
  public static Optional<BatchHeader> readHeader(String text) {
    if (!isBatch(text)) {
      return Optional.empty();
    }
    List<String> fhs = null;
    List<String> bhs = null;
    char fs = '|';
    for (String segment : Er7.segments(text.stripLeading())) {
      if (segment.length() < 3) {
        continue;
      }
      String id = segment.substring(0, 3);
      // A bare "FHS" or "BHS" (no fields at all) is still the envelope: default delimiters.
      char segmentFs = segment.length() > 3 ? segment.charAt(3) : '|';
      if (id.equals("FHS") && fhs == null && bhs == null) {
        fs = segmentFs;
        fhs = Er7.split(segment, fs);
      } else if (id.equals("BHS") && bhs == null) {
        fs = segmentFs;
        bhs = Er7.split(segment, fs);
      } else if (id.equals("MSH")) {
        break;
      }
    }
    List<String> h = bhs != null ? bhs : fhs;
    if (h == null) {
      return Optional.empty();
    }
    return Optional.of(
        new BatchHeader(
            fs,
            field(h, 2),
            fhs != null,
            field(h, 3),
            field(h, 4),
            field(h, 5),
            field(h, 6),
            fhs == null ? "" : field(fhs, 11),
            bhs == null ? "" : field(bhs, 11)));
  }

  /**
   * The envelope to answer several messages that came without one (back to back in one request or
   * frame): the first message's delimiters and parties (MSH-2 to MSH-6), no control ids to echo.
   */
  public static BatchHeader impliedHeader(String firstMessage) {
    String text = firstMessage.stripLeading();
    int end = 0;
    while (end < text.length() && text.charAt(end) != '\r' && text.charAt(end) != '\n') {
      end++;
    }
    String line = text.substring(0, end);
    if (!line.startsWith("MSH") || line.length() < 8) {
      return new BatchHeader('|', "^~\\&", false, "", "", "", "", "", "");
    }
    char fs = line.charAt(3);
    List<String> msh = Er7.split(line, fs);
    return new BatchHeader(
        fs,
        field(msh, 2),
        false,
        field(msh, 3),
        field(msh, 4),
        field(msh, 5),
        field(msh, 6),
        "",
        "");
  }

  /**
   * Renders the batch acknowledgement: {@code [FHS] BHS <acks> BTS [FTS]}, with sender and receiver
   * swapped, BHS-11/FHS-11 the new control id, BHS-12/FHS-12 the original control ids and BTS-1 the
   * number of acknowledgements. Each segment ends with {@code \r}.
   *
   * @param original the received batch's envelope
   * @param messageAcks the per-message ACKs from {@link io.vigil.ingest.ack.AckWriter}, in order
   * @param ackControlId a fresh control id for the acknowledgement batch
   * @param clock the time source for FHS-7/BHS-7
   */
  public static String renderAck(
      BatchHeader original, List<String> messageAcks, String ackControlId, Clock clock) {
    return renderAck(original, messageAcks, ackControlId, clock, "");
  }

  /**
   * As {@link #renderAck(BatchHeader, List, String, Clock)}, with {@code comment} (plain text, may
   * be empty) in BTS-2, the batch comment: what the hub has to say about the batch as a whole.
   */
  public static String renderAck(
      BatchHeader original,
      List<String> messageAcks,
      String ackControlId,
      Clock clock,
      String comment) {
    Delimiters d = Delimiters.of(original.fieldSeparator(), original.encodingCharacters());
    String now = Er7.timestamp(clock);
    String control = Er7.escape(ackControlId, d);
    StringBuilder out = new StringBuilder();
    if (original.fileHeader()) {
      header(out, "FHS", d, original, now, control, original.fileControlId());
    }
    header(out, "BHS", d, original, now, control, original.batchControlId());
    for (String ack : messageAcks) {
      out.append(ack);
      if (!ack.endsWith("\r")) {
        out.append('\r');
      }
    }
    out.append("BTS").append(d.field()).append(messageAcks.size());
    if (!comment.isEmpty()) {
      out.append(d.field()).append(Er7.escape(comment, d));
    }
    out.append('\r');
    if (original.fileHeader()) {
      out.append("FTS").append(d.field()).append('1').append('\r');
    }
    return out.toString();
  }

  private static void header(
      StringBuilder out,
      String id,
      Delimiters d,
      BatchHeader h,
      String now,
      String control,
      String reference) {
    char f = d.field();
    char e = d.escape();
    out.append(id).append(f).append(d.encodingCharacters());
    // The original's fields are already ER7 text in the same delimiters: echoed, not escaped, but
    // for control characters, which are not ER7 (a 0x1C would cut a relaying bridge's frame).
    out.append(f).append(Er7.escapeControls(h.receivingApplication(), e));
    out.append(f).append(Er7.escapeControls(h.receivingFacility(), e));
    out.append(f).append(Er7.escapeControls(h.sendingApplication(), e));
    out.append(f).append(Er7.escapeControls(h.sendingFacility(), e));
    out.append(f).append(now).append(f).append(f).append(f);
    out.append(f).append(control).append(f).append(Er7.escapeControls(reference, e)).append('\r');
  }

  private static String field(List<String> pieces, int n) {
    return pieces.size() > n - 1 ? pieces.get(n - 1).trim() : "";
  }

  private static void addIfAny(List<String> messages, StringBuilder current) {
    if (current != null && current.length() > 0) {
      messages.add(current.toString());
    }
  }
}
