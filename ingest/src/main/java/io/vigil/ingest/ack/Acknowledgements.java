package io.vigil.ingest.ack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The acknowledgement messages owed for one received message: the accept (or original-mode)
 * acknowledgement, always rendered so it can be stored and answered over HTTP, and in enhanced mode
 * the application acknowledgement MSH-16 asked for (see {@link AckPolicy}).
 *
 * <p>Stored as one text, the ER7 messages one after the other (each segment ends with {@code \r},
 * so the second starts at a segment beginning with {@code MSH}); a replay for a duplicate splits it
 * again.
 *
 * @param accept the accept acknowledgement (CA/CE/CR), or the original-mode one (AA/AE/AR)
 * @param sendAccept false when MSH-15 asked not to receive the accept acknowledgement in this case
 * @param application the application acknowledgement (AA/AE/AR) to send after it, when asked for
 */
public record Acknowledgements(String accept, boolean sendAccept, Optional<String> application) {

  /** One acknowledgement, sent or not. */
  public static Acknowledgements of(String accept, boolean sendAccept) {
    return new Acknowledgements(accept, sendAccept, Optional.empty());
  }

  /**
   * Splits a stored text back into its acknowledgements; a text of one message (original mode, or
   * stored before application acknowledgements were sent) has no application acknowledgement.
   */
  public static Acknowledgements parse(String stored, boolean sendAccept) {
    int second = stored.indexOf("\rMSH");
    if (second < 0 || second + 1 >= stored.length()) {
      return of(stored, sendAccept);
    }
    return new Acknowledgements(
        stored.substring(0, second + 1), sendAccept, Optional.of(stored.substring(second + 1)));
  }

  /** The text to store: the messages one after the other. */
  public String stored() {
    return accept + application.orElse("");
  }

  /**
   * The one acknowledgement answering a request/response transport (HTTP): the application
   * acknowledgement when there is one (it carries the outcome), else the accept acknowledgement,
   * sent even when MSH-15 said never, because an HTTP request must be answered.
   */
  public String response() {
    return application.orElse(accept);
  }

  /** The MSA-1 code of {@link #response()}, or {@code fallback} when it cannot be read. */
  public AckCode responseCode(AckCode fallback) {
    return codeOf(response(), fallback);
  }

  /**
   * The messages MSH-15/16 ask for, in order: none, one or two (what MLLP sends with {@code
   * mllp.always-answer} off; on, it sends {@link #response()} alone).
   */
  public List<String> toSend() {
    List<String> out = new ArrayList<>(2);
    if (sendAccept) {
      out.add(accept);
    }
    application.ifPresent(out::add);
    return out;
  }

  /** MSA-1 of an ER7 acknowledgement. */
  static AckCode codeOf(String ack, AckCode fallback) {
    int msa = ack.indexOf("\rMSA");
    if (msa >= 0 && ack.length() >= msa + 7) {
      try {
        return AckCode.valueOf(ack.substring(msa + 5, msa + 7));
      } catch (IllegalArgumentException e) {
        return fallback;
      }
    }
    return fallback;
  }
}
