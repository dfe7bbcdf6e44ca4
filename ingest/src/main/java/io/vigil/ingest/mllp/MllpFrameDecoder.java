package io.vigil.ingest.mllp;

import io.vigil.ingest.intake.InboundBudget;
import java.util.Arrays;

/**
 * Turns a TCP byte stream into MLLP frames ({@code <VT> payload <FS><CR>}), whatever the
 * fragmentation: a frame may arrive over many reads and one read may carry many frames.
 *
 * <p>Real peers are not always tidy, so the decoder is tolerant: bytes between frames are skipped
 * (and counted unless they are CR/LF whitespace), a frame ends at {@code FS} even when the {@code
 * CR} is missing, and a {@code VT} inside a frame abandons the incomplete frame (the sender never
 * got an ACK for it and will resend) and starts a new one. A frame longer than {@code
 * maxFrameBytes} is not buffered: it is reported as soon as it crosses the cap, with its first
 * bytes so the rejection can still quote its MSH-10, and the rest of it is skipped up to its {@code
 * FS}. A frame that never ends therefore costs a bounded buffer and one answer. A frame larger than
 * {@link #FREE_FRAME_BYTES} reserves its bytes from the server's {@link InboundBudget} as they
 * arrive; when the budget is spent it is answered the same way, as over budget, and skipped.
 *
 * <p>Not thread-safe: one decoder per connection.
 */
public final class MllpFrameDecoder {
  public static final byte START_BLOCK = 0x0B;
  public static final byte END_BLOCK = 0x1C;
  public static final byte CARRIAGE_RETURN = 0x0D;

  /** Bytes of an oversized frame kept for reading its header. */
  static final int OVERSIZE_HEAD_BYTES = 64 * 1024;

  /** Frames up to this size take nothing from the {@link InboundBudget}. */
  static final int FREE_FRAME_BYTES = InboundBudget.FREE_BYTES;

  /** Receives decoded frames. */
  public interface Listener {
    /** A complete frame's payload (without VT/FS/CR). */
    void onFrame(byte[] payload);

    /**
     * A frame crossed the cap: its first bytes and the bytes received so far (more than the cap).
     * Called once per frame, when the cap is crossed; the rest of the frame is skipped.
     */
    void onOversizedFrame(byte[] head, long length);

    /**
     * A frame larger than {@link #FREE_FRAME_BYTES} found the budget spent: its first bytes and the
     * bytes received so far. Called once per frame; the rest of the frame is skipped.
     */
    void onFrameOverBudget(byte[] head, long length);

    /** Non-whitespace bytes outside any frame were skipped, or an incomplete frame abandoned. */
    default void onGarbage(long bytes) {}

    /** A frame's {@code VT} was read: a new frame starts (its pace is measured from here). */
    default void onFrameStart() {}
  }

  private enum State {
    OUTSIDE,
    INSIDE,
    SKIPPING // the rest of a refused frame
  }

  private final int maxFrameBytes;
  private final InboundBudget budget;
  private final Listener listener;
  private State state = State.OUTSIDE;
  private byte[] buffer = new byte[4096];
  private int length;
  private long refusedLength;
  private long reserved; // taken from the budget for the frame being received

  /** A decoder whose frames are limited by size only. */
  public MllpFrameDecoder(int maxFrameBytes, Listener listener) {
    this(maxFrameBytes, InboundBudget.unlimited(), listener);
  }

  MllpFrameDecoder(int maxFrameBytes, InboundBudget budget, Listener listener) {
    if (maxFrameBytes < 1) {
      throw new IllegalArgumentException("maxFrameBytes must be positive");
    }
    this.maxFrameBytes = maxFrameBytes;
    this.budget = budget;
    this.listener = listener;
  }

  /**
   * The budget a complete frame of {@code length} bytes holds when handed to {@link
   * Listener#onFrame}: the receiver gives it back once the frame is answered.
   */
  static long reservationOf(int length) {
    return InboundBudget.reservationOf(length);
  }

  /** Feeds the next bytes read from the connection. */
  public void feed(byte[] data, int offset, int count) {
    int end = offset + count;
    int i = offset;
    long garbage = 0;
    while (i < end) {
      switch (state) {
        case OUTSIDE -> {
          byte b = data[i++];
          if (b == START_BLOCK) {
            state = State.INSIDE;
            length = 0;
            listener.onFrameStart();
          } else if (b != CARRIAGE_RETURN && b != '\n') {
            garbage++;
          }
        }
        case INSIDE -> {
          int stop = indexOfControl(data, i, end);
          int run = stop - i;
          long size = (long) length + run;
          boolean oversized = size > maxFrameBytes;
          if (oversized || !reserve(size)) {
            i = skipRest(data, i, run);
            byte[] head = Arrays.copyOf(buffer, length);
            if (oversized) {
              listener.onOversizedFrame(head, refusedLength);
            } else {
              listener.onFrameOverBudget(head, refusedLength);
            }
            length = 0;
            shrink();
            continue;
          }
          append(data, i, run);
          i = stop;
          if (i < end) {
            byte b = data[i++];
            if (b == END_BLOCK) {
              state = State.OUTSIDE;
              reserved = 0; // handed over with the frame: reservationOf(length)
              listener.onFrame(Arrays.copyOf(buffer, length));
              shrink();
            } else { // START_BLOCK: the previous frame was never finished
              garbage += length;
              length = 0;
              releaseFrame();
              listener.onFrameStart();
            }
          }
        }
        case SKIPPING -> {
          int stop = indexOfControl(data, i, end);
          refusedLength += stop - i;
          i = stop;
          if (i < end) {
            byte b = data[i++];
            // Already answered: the end of the frame, or a VT starting the next one.
            state = b == END_BLOCK ? State.OUTSIDE : State.INSIDE;
            length = 0;
            if (state == State.INSIDE) {
              listener.onFrameStart();
            }
          }
        }
      }
    }
    if (garbage > 0) {
      listener.onGarbage(garbage);
    }
  }

  /**
   * The connection is gone: an unfinished frame is dropped (its sender never got an answer and will
   * resend) and gives back its budget.
   */
  public void close() {
    releaseFrame();
    length = 0;
    state = State.OUTSIDE;
  }

  /**
   * What the unfinished frame holds of the budget: its bytes so far once it is larger than {@link
   * #FREE_FRAME_BYTES}, else (and between frames, or while a refused frame is skipped) 0.
   */
  public long heldBytes() {
    return reserved;
  }

  /** True while part of a frame has been received but not its end. */
  public boolean inFrame() {
    return state != State.OUTSIDE;
  }

  private static int indexOfControl(byte[] data, int from, int end) {
    for (int i = from; i < end; i++) {
      byte b = data[i];
      if (b == END_BLOCK || b == START_BLOCK) {
        return i;
      }
    }
    return end;
  }

  /** Takes budget for a frame grown to {@code size}; false when it is spent. */
  private boolean reserve(long size) {
    if (size <= FREE_FRAME_BYTES || size <= reserved) {
      return true;
    }
    if (budget.tryReserve(size - reserved)) {
      reserved = size;
      return true;
    }
    return false;
  }

  private void releaseFrame() {
    budget.release(reserved);
    reserved = 0;
  }

  /**
   * The frame is refused (over the cap or the budget) with {@code run} more bytes at {@code i}:
   * keeps its head for the answer, gives back its budget and skips the rest up to its end. Returns
   * the index after the run.
   */
  private int skipRest(byte[] data, int i, int run) {
    refusedLength = (long) length + run;
    append(data, i, Math.max(0, Math.min(run, OVERSIZE_HEAD_BYTES - length)));
    length = Math.min(length, OVERSIZE_HEAD_BYTES);
    releaseFrame();
    state = State.SKIPPING;
    return i + run;
  }

  private void append(byte[] data, int from, int count) {
    if (count == 0) {
      return;
    }
    if (length + count > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(length + count, buffer.length * 2));
    }
    System.arraycopy(data, from, buffer, length, count);
    length += count;
  }

  private void shrink() {
    // Do not keep a large frame's buffer alive for the rest of a long connection.
    if (buffer.length > 1024 * 1024) {
      buffer = new byte[4096];
    }
  }
}
