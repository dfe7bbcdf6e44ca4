package io.vigil.ingest.mllp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.intake.InboundBudget;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MllpFrameDecoderTest {

  private final List<String> frames = new ArrayList<>();
  private final List<String> oversizedHeads = new ArrayList<>();
  private final List<Long> oversizedLengths = new ArrayList<>();
  private final List<String> overBudgetHeads = new ArrayList<>();
  private final List<Long> budgetUsedAtFrame = new ArrayList<>();
  private InboundBudget budget = InboundBudget.unlimited();
  private long garbage;
  private int frameStarts;

  private final MllpFrameDecoder.Listener listener =
      new MllpFrameDecoder.Listener() {
        @Override
        public void onFrame(byte[] payload) {
          frames.add(new String(payload, StandardCharsets.ISO_8859_1));
          budgetUsedAtFrame.add(budget.used());
        }

        @Override
        public void onFrameOverBudget(byte[] head, long length) {
          overBudgetHeads.add(new String(head, StandardCharsets.ISO_8859_1));
        }

        @Override
        public void onOversizedFrame(byte[] head, long length) {
          oversizedHeads.add(new String(head, StandardCharsets.ISO_8859_1));
          oversizedLengths.add(length);
        }

        @Override
        public void onGarbage(long bytes) {
          garbage += bytes;
        }

        @Override
        public void onFrameStart() {
          frameStarts++;
        }
      };

  private static byte[] frame(String payload) {
    return ("\u000b" + payload + "\u001c\r").getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private void feed(MllpFrameDecoder decoder, byte[] bytes) {
    decoder.feed(bytes, 0, bytes.length);
  }

  @Test
  void decodesOneFrame() {
    feed(new MllpFrameDecoder(1024, listener), frame("MSH|^~\\&|A\rPID|1"));
    assertThat(frames).containsExactly("MSH|^~\\&|A\rPID|1");
    assertThat(garbage).isZero();
  }

  @Test
  void decodesManyFramesInOnePacket() {
    feed(new MllpFrameDecoder(1024, listener), concat(frame("one"), frame("two"), frame("three")));
    assertThat(frames).containsExactly("one", "two", "three");
  }

  @Test
  void decodesFramesAcrossEverySplitPoint() {
    byte[] stream = concat(frame("MSH|first"), frame("MSH|second"));
    for (int split = 0; split <= stream.length; split++) {
      frames.clear();
      MllpFrameDecoder decoder = new MllpFrameDecoder(1024, listener);
      decoder.feed(stream, 0, split);
      decoder.feed(stream, split, stream.length - split);
      assertThat(frames).as("split at %d", split).containsExactly("MSH|first", "MSH|second");
    }
  }

  @Test
  void decodesRandomFragmentationByteByByteAndInChunks() {
    Random random = new Random(42);
    List<String> expected = new ArrayList<>();
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    for (int i = 0; i < 200; i++) {
      String payload = "MSH|^~\\&|LAB|" + i + "|" + "x".repeat(random.nextInt(3000));
      expected.add(payload);
      stream.writeBytes(frame(payload));
    }
    byte[] bytes = stream.toByteArray();
    MllpFrameDecoder decoder = new MllpFrameDecoder(1 << 20, listener);
    int i = 0;
    while (i < bytes.length) {
      int n = Math.min(bytes.length - i, 1 + random.nextInt(random.nextBoolean() ? 3 : 5000));
      decoder.feed(bytes, i, n);
      i += n;
    }
    assertThat(frames).containsExactlyElementsOf(expected);
    assertThat(decoder.inFrame()).isFalse();
  }

  @Test
  void skipsGarbageBetweenFramesButNotLineBreaks() {
    byte[] stream =
        concat(
            "junk".getBytes(StandardCharsets.US_ASCII),
            frame("one"),
            "\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "more junk".getBytes(StandardCharsets.US_ASCII),
            frame("two"));
    feed(new MllpFrameDecoder(1024, listener), stream);
    assertThat(frames).containsExactly("one", "two");
    assertThat(garbage).isEqualTo("junk".length() + "more junk".length());
  }

  @Test
  void endsFrameAtFileSeparatorEvenWithoutCarriageReturn() {
    byte[] stream = "\u000bone\u001c\u000btwo\u001c".getBytes(StandardCharsets.US_ASCII);
    feed(new MllpFrameDecoder(1024, listener), stream);
    assertThat(frames).containsExactly("one", "two");
  }

  @Test
  void startBlockInsideFrameAbandonsTheUnfinishedFrame() {
    byte[] stream = concat("\u000bhalf a mess".getBytes(StandardCharsets.US_ASCII), frame("whole"));
    feed(new MllpFrameDecoder(1024, listener), stream);
    assertThat(frames).containsExactly("whole");
    assertThat(garbage).isEqualTo("half a mess".length());
  }

  @Test
  void oversizedFrameIsReportedWithItsHeadAndTheConnectionStaysUsable() {
    String big = "MSH|^~\\&|LAB|FAC|||20250101||ORU^R01|CTRL-9|P|2.5.1\r" + "x".repeat(5000);
    MllpFrameDecoder decoder = new MllpFrameDecoder(1000, listener);
    byte[] stream = concat(frame(big), frame("small"));
    // Deliver in small reads so the cap is crossed mid-stream.
    for (int i = 0; i < stream.length; i += 97) {
      decoder.feed(stream, i, Math.min(97, stream.length - i));
    }
    assertThat(oversizedLengths).hasSize(1);
    assertThat(oversizedLengths.get(0)).isGreaterThan(1000).isLessThan(big.length());
    assertThat(oversizedHeads.get(0)).startsWith("MSH|^~\\&|LAB|FAC").contains("CTRL-9");
    assertThat(frames).containsExactly("small");
  }

  @Test
  void oversizedHeadIsCapped() {
    int max = MllpFrameDecoder.OVERSIZE_HEAD_BYTES * 2;
    String big = "y".repeat(max + 10);
    MllpFrameDecoder decoder = new MllpFrameDecoder(max, listener);
    byte[] stream = frame(big);
    for (int i = 0; i < stream.length; i += 4096) {
      decoder.feed(stream, i, Math.min(4096, stream.length - i));
    }
    assertThat(oversizedLengths).hasSize(1);
    assertThat(oversizedLengths.get(0)).isGreaterThan(max);
    assertThat(oversizedHeads.get(0)).hasSize(MllpFrameDecoder.OVERSIZE_HEAD_BYTES);
  }

  @Test
  void aFrameThatNeverEndsIsReportedOnceWhenItCrossesTheCap() {
    MllpFrameDecoder decoder = new MllpFrameDecoder(1000, listener);
    feed(
        decoder,
        "\u000bMSH|^~\\&|LAB|FAC|||2025||ORU^R01|ENDLESS|P|2.5.1\r"
            .getBytes(StandardCharsets.US_ASCII));
    byte[] chunk = "z".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 200; i++) { // 12.5 MiB, and no FS
      feed(decoder, chunk);
    }
    assertThat(oversizedLengths).hasSize(1);
    assertThat(oversizedHeads.get(0)).contains("ENDLESS");
    assertThat(decoder.inFrame()).isTrue();
    // The sender finally gives up on that frame and sends a good one.
    feed(decoder, concat("\u001c\r".getBytes(StandardCharsets.US_ASCII), frame("next")));
    assertThat(frames).containsExactly("next");
    assertThat(oversizedLengths).hasSize(1);
  }

  @Test
  void frameOfExactlyTheCapIsAccepted() {
    feed(new MllpFrameDecoder(5, listener), frame("12345"));
    assertThat(frames).containsExactly("12345");
    assertThat(oversizedLengths).isEmpty();
  }

  @Test
  void reportsAnUnfinishedFrame() {
    MllpFrameDecoder decoder = new MllpFrameDecoder(1024, listener);
    feed(decoder, "\u000bMSH|partial".getBytes(StandardCharsets.US_ASCII));
    assertThat(decoder.inFrame()).isTrue();
    assertThat(frames).isEmpty();
  }

  private static String large(String controlId, int bytes) {
    String head = "MSH|^~\\&|LAB|FAC|||20261206||ORU^R01|" + controlId + "|P|2.5.1\rOBX|1|ED|";
    return head + "A".repeat(bytes - head.length());
  }

  private MllpFrameDecoder budgeted(long capacity) {
    budget = new InboundBudget(capacity);
    return new MllpFrameDecoder(10 * 1024 * 1024, budget, listener);
  }

  @Test
  void largeFramesHoldTheirLengthOfTheBudgetOrdinaryOnesNone() {
    MllpFrameDecoder decoder = budgeted(1);
    String small = large("SMALL", MllpFrameDecoder.FREE_FRAME_BYTES);
    feed(decoder, frame(small));
    assertThat(frames).containsExactly(small);
    assertThat(budget.used()).isZero();

    decoder = budgeted(1_000_000);
    String big = large("BIG", 300_000);
    byte[] stream = frame(big);
    for (int i = 0; i < stream.length; i += 1000) { // arriving in many reads
      decoder.feed(stream, i, Math.min(1000, stream.length - i));
    }
    assertThat(frames).last().isEqualTo(big);
    // Handed over with the frame: the connection gives it back once the frame is answered.
    assertThat(budgetUsedAtFrame).last().isEqualTo(300_000L);
    assertThat(MllpFrameDecoder.reservationOf(300_000)).isEqualTo(300_000L);
    assertThat(MllpFrameDecoder.reservationOf(MllpFrameDecoder.FREE_FRAME_BYTES)).isZero();
  }

  @Test
  void aLargeFrameOverTheBudgetIsRefusedWithItsHeadAndSkippedOthersGoOn() {
    MllpFrameDecoder decoder = budgeted(500_000);
    String first = large("FIRST", 300_000);
    String second = large("SECOND", 300_000);
    String small = "MSH|^~\\&|LAB|FAC|||20261206||ORU^R01|SMALL|P|2.5.1";
    byte[] stream =
        concat(frame(first), frame(second), frame(small), frame(large("THIRD", 100_000)));
    for (int i = 0; i < stream.length; i += 4096) {
      decoder.feed(stream, i, Math.min(4096, stream.length - i));
    }
    assertThat(frames).containsExactly(first, small, large("THIRD", 100_000));
    assertThat(overBudgetHeads).singleElement().asString().startsWith("MSH|").contains("|SECOND|");
    // The refused frame gave back what it had taken: 300,000 held by FIRST, 100,000 by THIRD.
    assertThat(budget.used()).isEqualTo(400_000L);
    assertThat(oversizedHeads).isEmpty();
    assertThat(garbage).isZero();
  }

  @Test
  void anUnfinishedLargeFrameGivesItsBudgetBack() {
    MllpFrameDecoder decoder = budgeted(1_000_000);
    byte[] cut = frame(large("CUT", 200_000));
    decoder.feed(cut, 0, 150_000);
    assertThat(budget.used()).isEqualTo(149_999L); // the VT is not part of the frame
    feed(decoder, frame(large("NEXT", 100_000))); // a VT abandons the unfinished frame
    assertThat(budgetUsedAtFrame).containsExactly(100_000L);

    decoder.feed(cut, 0, 150_000);
    assertThat(budget.used()).isEqualTo(100_000L + 149_999L);
    decoder.close(); // the connection dropped mid-frame
    assertThat(budget.used()).isEqualTo(100_000L);
    assertThat(decoder.inFrame()).isFalse();
  }

  @Test
  void holdsWhatTheUnfinishedLargeFrameReservedAndTellsWhereEachFrameStarts() {
    MllpFrameDecoder decoder = budgeted(1_000_000);
    byte[] large = frame(large("HELD", 200_000));
    decoder.feed(large, 0, 50_000);
    assertThat(decoder.heldBytes()).as("under the free size").isZero();
    decoder.feed(large, 50_000, 100_000);
    assertThat(decoder.heldBytes()).isEqualTo(149_999L).isEqualTo(budget.used());
    decoder.feed(large, 150_000, large.length - 150_000);
    assertThat(decoder.heldBytes()).as("handed over with the frame").isZero();

    feed(decoder, concat(frame("one"), "\u000bcut short".getBytes(StandardCharsets.US_ASCII)));
    feed(decoder, frame("two")); // its VT abandons "cut short"
    assertThat(frameStarts).isEqualTo(4);

    decoder.feed(large, 0, 150_000);
    decoder.close();
    assertThat(decoder.heldBytes()).isZero();
  }
}
