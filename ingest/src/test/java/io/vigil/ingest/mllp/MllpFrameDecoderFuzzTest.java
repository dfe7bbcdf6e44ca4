package io.vigil.ingest.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the MLLP framer with arbitrary byte streams. Properties: it never throws; a frame never
 * exceeds the cap nor contains a VT or FS byte; an oversized frame reports a length over the cap
 * and keeps at most {@link MllpFrameDecoder#OVERSIZE_HEAD_BYTES} of it; and the frames decoded do
 * not depend on how TCP fragmented the stream (all at once, byte by byte, or in odd-sized reads).
 *
 * <p>Seeds (MLLP streams with pipelined, fragmented, oversized and broken frames) are in {@code
 * MllpFrameDecoderFuzzTestInputs/}; see docs/fuzzing.md.
 */
class MllpFrameDecoderFuzzTest {

  /** Small enough that the fuzzer reaches the oversize path with short inputs. */
  private static final int SMALL_CAP = 64;

  private static final int LARGE_CAP = 1 << 20;

  @FuzzTest
  void framesDoNotDependOnFragmentation(byte[] stream) {
    for (int cap : new int[] {SMALL_CAP, LARGE_CAP}) {
      List<String> whole = decode(stream, cap, stream.length);
      assertThat(decode(stream, cap, 1)).isEqualTo(whole);
      assertThat(decode(stream, cap, 7)).isEqualTo(whole);
    }
  }

  /** Feeds {@code stream} in reads of {@code chunk} bytes; returns the events as text. */
  private static List<String> decode(byte[] stream, int cap, int chunk) {
    Recorder recorder = new Recorder(cap);
    MllpFrameDecoder decoder = new MllpFrameDecoder(cap, recorder);
    int step = Math.max(1, chunk);
    for (int i = 0; i < stream.length; i += step) {
      decoder.feed(stream, i, Math.min(step, stream.length - i));
    }
    return recorder.events;
  }

  private static final class Recorder implements MllpFrameDecoder.Listener {
    private final int cap;
    final List<String> events = new ArrayList<>();

    Recorder(int cap) {
      this.cap = cap;
    }

    @Override
    public void onFrame(byte[] payload) {
      assertThat(payload.length).isLessThanOrEqualTo(cap);
      for (byte b : payload) {
        assertThat(b).isNotEqualTo(MllpFrameDecoder.START_BLOCK);
        assertThat(b).isNotEqualTo(MllpFrameDecoder.END_BLOCK);
      }
      events.add("frame " + Arrays.toString(payload));
    }

    @Override
    public void onOversizedFrame(byte[] head, long length) {
      assertThat(length).isGreaterThan(cap);
      assertThat(head.length)
          .isLessThanOrEqualTo(MllpFrameDecoder.OVERSIZE_HEAD_BYTES)
          .isLessThanOrEqualTo((int) Math.min(Integer.MAX_VALUE, length));
      // How much of the head is kept depends on the read that crossed the cap; the first cap + 1
      // bytes never do.
      int kept = (int) Math.min(cap + 1L, length);
      assertThat(head.length)
          .isGreaterThanOrEqualTo(Math.min(kept, MllpFrameDecoder.OVERSIZE_HEAD_BYTES));
      events.add("oversized " + Arrays.toString(Arrays.copyOf(head, Math.min(kept, head.length))));
    }

    @Override
    public void onFrameOverBudget(byte[] head, long length) {
      throw new AssertionError("the decoder's budget is unlimited");
    }
  }
}
