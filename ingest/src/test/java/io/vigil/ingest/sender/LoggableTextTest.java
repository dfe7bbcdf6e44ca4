package io.vigil.ingest.sender;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggableTextTest {
  @Test
  void writesControlsAndLineSeparatorsAsEscapes() {
    // An ANSI sequence that erases the line, a C1 next-line, U+2028: each could forge a log line.
    String forged = "X\u001b[1G\u001b[2K2026-12-07 INFO nothing to see\u0085\u2028FAKE";
    String safe = LoggableText.of(forged);
    assertThat(safe)
        .isEqualTo("X\\u001b[1G\\u001b[2K2026-12-07 INFO nothing to see\\u0085\\u2028FAKE")
        .doesNotContain("\u001b", "\u0085", "\u2028");
  }

  @Test
  void leavesOrdinaryIdsAsTheyAreAndCutsLongOnes() {
    String clia = "05D0000001";
    assertThat(LoggableText.of(clia)).isSameAs(clia);
    assertThat(LoggableText.of("Laboratoire Montréal^2.16.840.1.113883.3.1^ISO"))
        .isEqualTo("Laboratoire Montréal^2.16.840.1.113883.3.1^ISO");
    assertThat(LoggableText.of("x".repeat(10_000)))
        .hasSize(LoggableText.MAX_CHARS + "…(10000 chars)".length())
        .endsWith("…(10000 chars)");
    assertThat(LoggableText.of(null)).isEqualTo("null");
  }
}
