package io.vigil.ingest.hl7v2;

/**
 * The MSH fields the hub needs, read leniently from the message text so that even a message HAPI
 * cannot parse gets an acknowledgement whose MSA-2 equals its MSH-10. Composite fields (HD, MSG)
 * are kept as their raw ER7 text so they can be echoed back in the ACK's MSH.
 *
 * @param fieldSeparator MSH-1
 * @param encodingCharacters MSH-2, e.g. {@code ^~\&}
 * @param sendingApplication MSH-3 raw
 * @param sendingFacility MSH-4 raw
 * @param receivingApplication MSH-5 raw
 * @param receivingFacility MSH-6 raw
 * @param messageDateTime MSH-7 raw
 * @param messageCode MSH-9.1, e.g. {@code ORU}
 * @param triggerEvent MSH-9.2, e.g. {@code R01}
 * @param messageStructure MSH-9.3, e.g. {@code ORU_R01}; empty when not sent
 * @param controlId MSH-10 without surrounding spaces (the sender's identity of the message, for
 *     idempotency and look-ups); empty when missing
 * @param controlIdAsSent MSH-10 exactly as sent, spaces included: what MSA-2 echoes, so an engine
 *     comparing the two byte for byte matches a padded id (control characters, which are not ER7,
 *     are echoed as hex escapes)
 * @param processingId MSH-11.1 (P, T, D)
 * @param versionId MSH-12.1, e.g. {@code 2.5.1}
 * @param acceptAckType MSH-15 (AL, NE, ER, SU); empty in original acknowledgement mode
 * @param applicationAckType MSH-16; empty in original acknowledgement mode
 * @param characterSet MSH-18 first repetition; empty when not sent
 * @param messageProfiles MSH-21 raw (every repetition); empty when not sent
 */
public record MessageHeader(
    char fieldSeparator,
    String encodingCharacters,
    String sendingApplication,
    String sendingFacility,
    String receivingApplication,
    String receivingFacility,
    String messageDateTime,
    String messageCode,
    String triggerEvent,
    String messageStructure,
    String controlId,
    String controlIdAsSent,
    String processingId,
    String versionId,
    String acceptAckType,
    String applicationAckType,
    String characterSet,
    String messageProfiles) {

  /** Enhanced acknowledgement mode is requested when MSH-15 or MSH-16 is valued. */
  public boolean enhancedMode() {
    return !acceptAckType.isEmpty() || !applicationAckType.isEmpty();
  }

  /**
   * The identifier of the sending facility used for sender identity and idempotency: the universal
   * id (HD-2, e.g. a CLIA number or OID) when present, otherwise the namespace id (HD-1).
   */
  public String senderFacilityId() {
    char component = encodingCharacters.isEmpty() ? '^' : encodingCharacters.charAt(0);
    // Runs for every message: no regular expression (String.split compiled one per call here).
    String universalId = Er7.piece(sendingFacility, component, 1);
    if (!universalId.isBlank()) {
      return universalId.trim();
    }
    return Er7.piece(sendingFacility, component, 0).trim();
  }
}
