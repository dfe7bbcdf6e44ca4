package io.vigil.ingest.validation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The CDC CVX code set (HL7 table 0292), loaded from {@code cvx.csv} beside this class (see
 * README-cvx.md there for source and refresh). Codes compare numerically, so {@code 3} and {@code
 * 03} are the same vaccine, as senders write both.
 */
public final class CvxTable {

  private static final String RESOURCE = "cvx.csv";

  /**
   * One CVX code.
   *
   * @param code the code as CDC writes it, e.g. {@code 03}
   * @param shortDescription CDC's short description
   * @param status CDC vaccine status: Active, Inactive, Non-US, Never Active or Pending
   */
  public record Entry(String code, String shortDescription, String status) {}

  private final Map<String, Entry> byCode;

  private CvxTable(Map<String, Entry> byCode) {
    this.byCode = Map.copyOf(byCode);
  }

  /** The bundled table; loads once per call, so keep the instance. */
  public static CvxTable bundled() {
    try (InputStream in = CvxTable.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CvxTable parse(BufferedReader reader) throws IOException {
    Map<String, Entry> map = new HashMap<>();
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int first = line.indexOf(',');
      int last = line.lastIndexOf(',');
      if (first <= 0 || last <= first) {
        continue;
      }
      Entry e =
          new Entry(
              line.substring(0, first).trim(),
              line.substring(first + 1, last).trim(),
              line.substring(last + 1).trim());
      map.put(normalise(e.code()), e);
    }
    return new CvxTable(map);
  }

  /** The entry for a code as sent in RXA-5, or empty when the code is not in the table. */
  public Optional<Entry> lookup(String code) {
    return code == null ? Optional.empty() : Optional.ofNullable(byCode.get(normalise(code)));
  }

  /** Number of codes in the table. */
  public int size() {
    return byCode.size();
  }

  private static String normalise(String code) {
    String c = code.trim();
    int i = 0;
    while (i < c.length() - 1 && c.charAt(i) == '0') {
      i++;
    }
    return c.substring(i);
  }
}
