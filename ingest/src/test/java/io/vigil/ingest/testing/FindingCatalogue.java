package io.vigil.ingest.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sender-facing page of finding codes: the codes its table rows ({@code | `CODE` |}) list. */
public final class FindingCatalogue {
  private static final Pattern DOCUMENTED =
      Pattern.compile("^\\| `([A-Z][A-Z0-9_]+)` \\|", Pattern.MULTILINE);

  private FindingCatalogue() {}

  /** The codes {@code page} documents, one per table row. */
  public static Set<String> documentedCodes(Path page) throws IOException {
    Set<String> codes = new TreeSet<>();
    Matcher m = DOCUMENTED.matcher(Files.readString(page, StandardCharsets.UTF_8));
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes;
  }
}
