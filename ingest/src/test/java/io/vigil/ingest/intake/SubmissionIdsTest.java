package io.vigil.ingest.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SubmissionIdsTest {
  @Test
  void idsAreVersion7AndOrderedByTime() {
    UUID earlier = SubmissionIds.at(1_700_000_000_000L);
    UUID later = SubmissionIds.at(1_700_000_000_001L);
    assertThat(earlier.version()).isEqualTo(7);
    assertThat(earlier.variant()).isEqualTo(2);
    assertThat(earlier.getMostSignificantBits() >>> 16).isEqualTo(1_700_000_000_000L);
    assertThat(
            Long.compareUnsigned(earlier.getMostSignificantBits(), later.getMostSignificantBits()))
        .isNegative();
  }

  @Test
  void idsAreUnique() {
    Set<UUID> seen = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      assertThat(seen.add(SubmissionIds.next())).isTrue();
    }
  }
}
