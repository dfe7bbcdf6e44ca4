package io.vigil.ingest.provenance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiptStatusTest {
  @Test
  void aLeafIsAnchoredOnlyBelowTheAnchoredTreeSize() {
    // Checkpoints at size 10 (anchored) and 15 (signed only): leaves 0..9, 10..14, 15.. differ.
    assertThat(ReceiptStatus.of(0L, 15, 10)).isEqualTo(ReceiptStatus.ANCHORED);
    assertThat(ReceiptStatus.of(9L, 15, 10)).isEqualTo(ReceiptStatus.ANCHORED);
    assertThat(ReceiptStatus.of(10L, 15, 10)).isEqualTo(ReceiptStatus.CHECKPOINTED);
    assertThat(ReceiptStatus.of(14L, 15, 10)).isEqualTo(ReceiptStatus.CHECKPOINTED);
    assertThat(ReceiptStatus.of(15L, 15, 10)).isEqualTo(ReceiptStatus.PENDING);
  }

  @Test
  void withoutCheckpointsEveryLeafIsPending() {
    assertThat(ReceiptStatus.of(0L, 0, 0)).isEqualTo(ReceiptStatus.PENDING);
    assertThat(ReceiptStatus.of(null, 5, 5)).isEqualTo(ReceiptStatus.NONE);
    assertThat(ReceiptStatus.ANCHORED.wireName()).isEqualTo("anchored");
  }
}
