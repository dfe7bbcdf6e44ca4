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
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonymous person key: HMAC-SHA256, under the hub's secret, of the normalised patient
 * identity. The identity is family name + given name + birth date, which links one person's reports
 * across labs. Names are normalised as registration systems vary them: accents removed and letters
 * of their own folded (Ł → L, ß → SS), letters only, upper case; initials in the given name (a
 * middle initial typed into the first-name field) and a generational suffix typed into the family
 * name (Jr, III) are dropped. When the name or birth date is missing, or the given name is a
 * newborn's placeholder ("Baby Girl", "Twin A", which twins share), it falls back to the record
 * number (a medical record number first) with its assigning authority, or, without one, with the
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
      Set.of(
          "BABY", "BG", "BB", "BBY", "GIRL", "BOY", "INFANT", "INF", "NEWBORN", "NB", "TWIN",
          "FEMALE", "MALE", "UNKNOWN", "UNK");

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

  /**
   * The hex key of one dose record across its add, update and delete: the sender, the person (their
   * key) and the record's identity ({@code Deidentifier} names it: the sender's record id, else the
   * vaccine and day), keyed under the same secret, in a domain of its own (apart from results and
   * persons).
   */
  public String ofDose(String senderId, String personKey, String recordIdentity) {
    return hmac("d1|" + senderId + "|" + personKey + "|" + recordIdentity);
  }

  /** The normalised identity that is keyed (package-private for tests; it is PHI). */
  static String identity(Patient p, String senderId) {
    String family = family(p.familyName());
    String given = given(p.givenName());
    Optional<LocalDate> born = p.birthDate().flatMap(BirthDate::exactDay);
    if (!family.isEmpty() && !given.isEmpty() && !newborn(p.givenName()) && born.isPresent()) {
      return "n1|" + family + "|" + given + "|" + born.get();
    }
    if (!p.identifiers().isEmpty()) {
      PatientIdentifier id = recordNumber(p.identifiers());
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
   * The given name's letters without its initials ("Hermione J." → HERMIONE, "J Robert" → ROBERT),
   * the other words joined as registration systems write them with or without a space ("Jo Ann" and
   * "JoAnn" → JOANN; "Maria Guadalupe" stays apart from "Maria Elena"); an initial alone is kept.
   */
  static String given(String name) {
    StringBuilder b = new StringBuilder();
    for (String word : name.strip().split("[\\s.,]+")) {
      String letters = letters(word);
      if (letters.length() > 1) {
        b.append(letters);
      }
    }
    return b.length() > 0 ? b.toString() : letters(name);
  }

  /**
   * Whether a given name is a newborn's placeholder ("Baby Girl", "Twin A", "Female B", "BG"): its
   * first word is one, whatever letter or number follows.
   */
  static boolean newborn(String givenName) {
    for (String word : givenName.strip().split("[\\s.,\\-]+")) {
      String letters = letters(word);
      if (!letters.isEmpty()) {
        return NEWBORN_NAMES.contains(letters)
            || letters.startsWith("BABY")
            || letters.startsWith("TWIN");
      }
    }
    return false;
  }

  /**
   * The record number that keys a person without a usable name and birth date: a medical record
   * number first (it stays with the patient), then a patient identifier, then any other; last an
   * immunization registry's id (it appears once the registry has answered) and an account or visit
   * number (new at every visit).
   */
  private static PatientIdentifier recordNumber(List<PatientIdentifier> ids) {
    PatientIdentifier best = ids.get(0);
    int bestRank = Integer.MAX_VALUE;
    for (PatientIdentifier id : ids) {
      int rank =
          switch (id.type().strip().toUpperCase(Locale.ROOT)) {
            case "MR" -> 0;
            case "PI", "PT" -> 1;
            case "SR" -> 3;
            case "AN", "VN" -> 4;
            default -> 2;
          };
      if (rank < bestRank) {
        best = id;
        bestRank = rank;
      }
    }
    return best;
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
