package io.vigil.ingest.validation;

import ca.uhn.hl7v2.model.Message;
import java.time.Instant;
import java.util.List;

/** Checks one parsed message against an implementation guide's rules. */
public interface MessageValidator {

  /**
   * All findings for {@code message}; never throws for bad content (a structure of the wrong type
   * yields an error finding).
   *
   * @param now the current time, for "not in the future" checks
   */
  List<Finding> validate(Message message, Instant now);
}
