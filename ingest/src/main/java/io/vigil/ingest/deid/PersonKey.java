package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.BirthDate;
import io.vigil.ingest.canonical.Patient;
import io.vigil.ingest.canonical.PatientIdentifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous person key: HMAC-SHA256, under the hub's secret, of the normalised patient
 * identity. The identity is family name + first given name + birth date (normalised: accents
 * removed, letters only, upper case), which links one person's reports across labs; when the name
 * or birth date is missing it falls back to the primary identifier with its assigning authority.
 * Without the secret the key cannot be linked back to anyone (it is not a plain hash of guessable
 * demographics). Thread-safe.
 */
public final class PersonKey {
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  /**
   * @param secret at least 32 bytes of secret key material
   */
  public PersonKey(byte[] secret) {
    if (secret.length < 32) {
      throw new IllegalArgumentException("the person-key secret needs at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The hex person key of {@code patient}. */
  public String of(Patient patient) {
    return hmac(identity(patient));
  }

  /**
   * The hex key of one lab result across its versions: the sender, the person (their key) and the
   * sender's identity of the result ({@link io.vigil.ingest.canonical.LabResult#identity()}, which
   * holds an accession number), keyed under the same secret, in a domain of their own. The person
   * is part of it so that a sender that reuses order numbers (a constant, a daily counter) never
   * merges two patients' results; a correction of the patient's name or birth date is therefore
   * counted as a new result.
   */
  public String ofResult(String senderId, String personKey, String resultIdentity) {
    return hmac("r1|" + senderId + "|" + personKey + "|" + resultIdentity);
  }

  /** The normalised identity that is keyed (package-private for tests; it is PHI). */
  static String identity(Patient p) {
    String family = letters(p.familyName());
    String given = letters(p.givenName());
    Optional<LocalDate> born = p.birthDate().flatMap(BirthDate::exactDay);
    if (!family.isEmpty() && !given.isEmpty() && born.isPresent()) {
      return "n1|" + family + "|" + given + "|" + born.get();
    }
    if (!p.identifiers().isEmpty()) {
      PatientIdentifier id = p.identifiers().get(0);
      return "i1|" + id.assigningAuthority().strip().toUpperCase(Locale.ROOT) + "|" + id.value();
    }
    // Nothing identifies the person: every such report is its own person.
    return "x1|" + family + "|" + given + "|" + born.map(Object::toString).orElse("");
  }

  private static String letters(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder b = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.isLetter(c)) {
        b.append(Character.toUpperCase(c));
      }
    }
    return b.toString();
  }

  private String hmac(String identity) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of().formatHex(mac.doFinal(identity.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }

  /** A fingerprint of the secret (SHA-256, first 8 hex) for logs, never the secret. */
  public static String fingerprint(byte[] secret) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(secret);
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
