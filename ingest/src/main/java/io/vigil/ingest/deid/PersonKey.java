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
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous person key: HMAC-SHA256, under the hub's secret, of the normalised patient
 * identity. The identity is family name + first given name + birth date, which links one person's
 * reports across labs. Names are normalised as registration systems vary them: accents removed and
 * letters of their own folded (Ł → L, ß → SS), letters only, upper case; the given name is its
 * first word (a middle name or initial typed into the first-name field is dropped) and a
 * generational suffix typed into the family name (Jr, III) is dropped. When the name or birth date
 * is missing, or the given name is a newborn's placeholder ("Baby Girl", which twins share), it
 * falls back to the primary identifier with its assigning authority, or, without one, with the
 * sender (an unqualified record number is unique only within its sender). Without the secret the
 * key cannot be linked back to anyone (it is not a plain hash of guessable demographics).
 * Thread-safe.
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

  /**
   * Generational suffixes a registration system may have typed into the family name field. Only a
   * last word that is one of them is dropped, never the whole name.
   */
  private static final Set<String> SUFFIXES = Set.of("JR", "SR", "II", "III", "IV");

  /**
   * Given names a hospital registers a newborn under before naming (first word, normalised): twins
   * share them, so they never identify a person.
   */
  private static final Set<String> NEWBORN_NAMES =
      Set.of("BABY", "BABYGIRL", "BABYBOY", "BG", "BB", "GIRL", "BOY", "INFANT", "NEWBORN", "NB");

  /**
   * The hex person key of {@code patient}.
   *
   * @param senderId the sender of the report: it qualifies a record number sent without an
   *     assigning authority
   */
  public String of(Patient patient, String senderId) {
    return hmac(identity(patient, senderId));
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
  static String identity(Patient p, String senderId) {
    String family = family(p.familyName());
    String given = given(p.givenName());
    Optional<LocalDate> born = p.birthDate().flatMap(BirthDate::exactDay);
    if (!family.isEmpty()
        && !given.isEmpty()
        && !NEWBORN_NAMES.contains(given)
        && born.isPresent()) {
      return "n1|" + family + "|" + given + "|" + born.get();
    }
    if (!p.identifiers().isEmpty()) {
      PatientIdentifier id = p.identifiers().get(0);
      String authority = id.assigningAuthority().strip().toUpperCase(Locale.ROOT);
      return authority.isEmpty()
          ? "i2|sender:" + senderId + "|" + id.value()
          : "i1|" + authority + "|" + id.value();
    }
    // Nothing identifies the person: every such report is its own person.
    return "x1|" + family + "|" + given + "|" + born.map(Object::toString).orElse("");
  }

  /** The family name's letters, without a generational suffix as its last word. */
  static String family(String name) {
    String[] words = name.strip().split("[\\s,]+");
    int n = words.length;
    if (n > 1 && SUFFIXES.contains(letters(words[n - 1]))) {
      n--;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) {
      b.append(letters(words[i]));
    }
    return b.toString();
  }

  /**
   * The first word of the given name with two or more letters ("Hermione J." → HERMIONE, "J Robert"
   * → ROBERT), else its letters. Hyphenated names stay whole (Mary-Kate → MARYKATE).
   */
  static String given(String name) {
    for (String word : name.strip().split("[\\s.,]+")) {
      String letters = letters(word);
      if (letters.length() > 1) {
        return letters;
      }
    }
    return letters(name);
  }

  private static String letters(String s) {
    String decomposed = Normalizer.normalize(s, Normalizer.Form.NFKD);
    StringBuilder b = new StringBuilder(decomposed.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.isLetter(c)) {
        b.append(fold(Character.toUpperCase(c)));
      }
    }
    return b.toString();
  }

  /**
   * Latin letters of their own that NFKD does not decompose, as an ASCII-only system writes them.
   */
  private static String fold(char c) {
    return switch (c) {
      case 'ß', 'ẞ' -> "SS";
      case 'Ł' -> "L";
      case 'Ø' -> "O";
      case 'Æ' -> "AE";
      case 'Œ' -> "OE";
      case 'Đ', 'Ð' -> "D";
      case 'Þ' -> "TH";
      case 'Ħ' -> "H";
      case 'ı' -> "I";
      default -> String.valueOf(c);
    };
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
