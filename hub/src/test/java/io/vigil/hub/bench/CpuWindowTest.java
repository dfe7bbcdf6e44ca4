package io.vigil.hub.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuWindowTest {

  @Test
  void readsUserAndSystemTicksOfAPostgresProcess() {
    String stat =
        "4242 (postgres) S 4200 4200 4200 0 -1 4194560 1520 0 0 0 137 58 0 0 20 0 1 0 9911 "
            + "227491840 3123 18446744073709551615 1 1 0 0 0 0 0 4096 536890373 0 0 0 17 1 0 0";
    assertThat(CpuWindow.ticksIfPostgres(stat)).isEqualTo(137 + 58);
  }

  @Test
  void ignoresOtherCommandsEvenWithSpacesAndParenthesesInTheName() {
    String stat =
        "77 (java (x) y) S 1 77 77 0 -1 4194560 1520 0 0 0 900 100 0 0 20 0 1 0 9911 "
            + "227491840 3123 18446744073709551615 1 1 0 0 0 0 0 4096 536890373 0 0 0 17 1 0 0";
    assertThat(CpuWindow.ticksIfPostgres(stat)).isZero();
  }

  @Test
  void countsFieldsFromTheLastParenthesis() {
    // A command of "postgres" is matched exactly; "postgres: writer" style titles live in
    // cmdline, not comm, so comm stays "postgres" for every backend.
    String stat = "5 (postgres) R 1 5 5 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 1 1 1 1";
    assertThat(CpuWindow.ticksIfPostgres(stat)).isEqualTo(7);
  }
}
