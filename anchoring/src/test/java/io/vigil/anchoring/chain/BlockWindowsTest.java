package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.chain.BlockWindows.Window;
import org.junit.jupiter.api.Test;

class BlockWindowsTest {

  @Test
  void coversTheRangeInConsecutiveWindowsWithAShortLastOne() {
    assertThat(BlockWindows.between(0, 10, 4))
        .containsExactly(new Window(0, 3), new Window(4, 7), new Window(8, 10));
  }

  @Test
  void anExactMultipleEndsOnAFullWindow() {
    assertThat(BlockWindows.between(5, 12, 4)).containsExactly(new Window(5, 8), new Window(9, 12));
  }

  @Test
  void aSpanOfOneIsOneWindowPerBlock() {
    assertThat(BlockWindows.between(3, 5, 1))
        .containsExactly(new Window(3, 3), new Window(4, 4), new Window(5, 5));
  }

  @Test
  void aSpanLargerThanTheRangeIsOneWindow() {
    assertThat(BlockWindows.between(0, 0, 5_000)).containsExactly(new Window(0, 0));
    assertThat(BlockWindows.between(7, 4_000, 5_000)).containsExactly(new Window(7, 4_000));
  }

  @Test
  void startingAfterTheLastBlockIsNoWindow() {
    // A deployment block configured ahead of the node's head (a lagging node).
    assertThat(BlockWindows.between(10, 9, 5)).isEmpty();
  }

  @Test
  void doesNotOverflowNearTheLargestBlockNumber() {
    assertThat(BlockWindows.between(Long.MAX_VALUE - 2, Long.MAX_VALUE, Long.MAX_VALUE))
        .containsExactly(new Window(Long.MAX_VALUE - 2, Long.MAX_VALUE));
    assertThat(BlockWindows.between(Long.MAX_VALUE - 4, Long.MAX_VALUE, 3))
        .containsExactly(
            new Window(Long.MAX_VALUE - 4, Long.MAX_VALUE - 2),
            new Window(Long.MAX_VALUE - 1, Long.MAX_VALUE));
  }

  @Test
  void rejectsAnEmptySpan() {
    assertThatThrownBy(() -> BlockWindows.between(0, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
