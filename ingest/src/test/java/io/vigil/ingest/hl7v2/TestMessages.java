package io.vigil.ingest.hl7v2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Sample messages from the golden files, and a field editor to derive test variants. */
public final class TestMessages {

  private TestMessages() {}

  /** A golden input, e.g. {@code oru_r01/covid_pcr_positive}, with {@code \r} segment ends. */
  public static String golden(String name) {
    try (InputStream in = TestMessages.class.getResourceAsStream("/hl7v2/" + name + ".hl7")) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.strip().replace("\r\n", "\r").replace('\n', '\r');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The valid SARS-CoV-2 PCR ELR message. */
  public static String oru() {
    return golden("oru_r01/covid_pcr_positive");
  }

  /** The valid COVID-19 vaccination VXU message. */
  public static String vxu() {
    return golden("vxu_v04/covid_vaccine");
  }

  /**
   * Sets field {@code field} of the {@code occurrence}-th (1-based) {@code segment} to {@code
   * value}, padding with empty fields as needed (MSH fields are numbered as in the standard).
   */
  public static String set(String text, String segment, int occurrence, int field, String value) {
    List<String> segments = new ArrayList<>(List.of(text.split("\r")));
    int seen = 0;
    for (int i = 0; i < segments.size(); i++) {
      if (segments.get(i).startsWith(segment + "|") && ++seen == occurrence) {
        List<String> f = new ArrayList<>(List.of(segments.get(i).split("\\|", -1)));
        int index = segment.equals("MSH") ? field - 1 : field;
        while (f.size() <= index) {
          f.add("");
        }
        f.set(index, value);
        segments.set(i, String.join("|", f));
        return String.join("\r", segments);
      }
    }
    throw new IllegalArgumentException("no " + segment + " #" + occurrence);
  }

  /** Removes every segment with the given id. */
  public static String without(String text, String segment) {
    List<String> out = new ArrayList<>();
    for (String s : text.split("\r")) {
      if (!s.startsWith(segment + "|")) {
        out.add(s);
      }
    }
    return String.join("\r", out);
  }
}
