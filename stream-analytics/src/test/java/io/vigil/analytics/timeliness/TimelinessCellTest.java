package io.vigil.analytics.timeliness;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TimelinessCellTest {

  @Test
  void percentilesAreNearestRank() {
    long[] values = {400, 100, 300, 200};
    assertThat(TimelinessCell.percentile(values, 4, 0.5)).isEqualTo(200); // rank ceil(2) = 2
    assertThat(TimelinessCell.percentile(values, 4, 0.9)).isEqualTo(400); // rank ceil(3.6) = 4
    assertThat(TimelinessCell.percentile(values, 3, 0.5)).isEqualTo(300); // of 400,100,300
    assertThat(TimelinessCell.percentile(new long[] {7}, 1, 0.9)).isEqualTo(7);
    assertThat(TimelinessCell.percentile(new long[0], 0, 0.5)).isNull();
  }

  @Test
  void percentagesAreNullWithoutADenominator() {
    assertThat(TimelinessCell.pct(0, 0)).isNull();
    assertThat(TimelinessCell.pct(1, 3)).isEqualTo(100.0 / 3);
  }
}
