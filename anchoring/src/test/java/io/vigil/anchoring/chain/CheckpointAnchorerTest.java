package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.merkle.Hash;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckpointAnchorerTest {

  private final List<Long> sent = new ArrayList<>();
  private boolean chainUp;

  private AnchorResult anchor(long treeSize, byte[] root) throws ChainException {
    if (!chainUp) {
      throw new ChainUnavailableException("down");
    }
    sent.add(treeSize);
    return new AnchorResult(
        1, "0xc", treeSize, Hash.of(root), "0xtx" + treeSize, 7, Instant.EPOCH, 21_000);
  }

  private static byte[] root(int seed) {
    byte[] bytes = new byte[32];
    bytes[0] = (byte) seed;
    return bytes;
  }

  @Test
  void backlogGrowsWhileTheChainIsDownAndOneAnchorForTheNewestClearsIt() throws Exception {
    CheckpointAnchorer anchorer = new CheckpointAnchorer(this::anchor);
    chainUp = true;
    anchorer.offer(10, root(10));
    assertThat(anchorer.anchorPending()).map(AnchorResult::treeSize).hasValue(10L);

    chainUp = false;
    for (int size : new int[] {20, 30, 45}) {
      anchorer.offer(size, root(size));
      assertThatThrownBy(anchorer::anchorPending).isInstanceOf(ChainUnavailableException.class);
    }
    assertThat(anchorer.backlogCheckpoints()).isEqualTo(3);
    assertThat(anchorer.backlogLeaves()).isEqualTo(35);

    chainUp = true;
    assertThat(anchorer.anchorPending()).map(AnchorResult::treeSize).hasValue(45L);
    assertThat(sent).containsExactly(10L, 45L); // one transaction covers 20, 30 and 45
    assertThat(anchorer.backlogCheckpoints()).isZero();
    assertThat(anchorer.backlogLeaves()).isZero();
    assertThat(anchorer.anchorPending()).isEmpty();
  }

  @Test
  void ignoresCheckpointsThatAreNotNewer() throws Exception {
    CheckpointAnchorer anchorer = new CheckpointAnchorer(this::anchor);
    chainUp = true;
    anchorer.offer(10, root(10));
    anchorer.offer(8, root(8));
    anchorer.anchorPending();
    anchorer.offer(10, root(10));
    assertThat(anchorer.anchorPending()).isEmpty();
    assertThat(sent).containsExactly(10L);
  }

  @Test
  void aRejectedCheckpointIsNotRetriedForever() throws Exception {
    CheckpointAnchorer anchorer =
        new CheckpointAnchorer(
            (size, root) -> {
              throw new AnchorRejectedException("NotWriter", "NotWriter(caller=0x1)");
            });
    anchorer.offer(5, root(5));
    assertThatThrownBy(anchorer::anchorPending).isInstanceOf(AnchorRejectedException.class);
    assertThat(anchorer.backlogCheckpoints()).isZero();
    assertThat(anchorer.anchorPending()).isEmpty();
  }
}
