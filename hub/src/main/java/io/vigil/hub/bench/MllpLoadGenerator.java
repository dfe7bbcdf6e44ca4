package io.vigil.hub.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Closed-loop MLLP load: N connections, each with exactly one message outstanding (send, wait for
 * the ACK frame, send the next), recording every ACK latency.
 *
 * <p>All connections are driven by one NIO selector thread (the caller's). The generator shares the
 * CPU with the server under test, so it avoids a thread per connection (and the context switches
 * that come with it), allocates nothing per message, and parses only MSA-1 out of the ACK bytes.
 */
public final class MllpLoadGenerator {

  /** The messages of one run, already MLLP-framed. Called on the generator thread only. */
  public interface MessageSource {
    int count();

    int maxFrameLength();

    /** Writes frame {@code index} (0-based) into {@code dst} and returns its length. */
    int encodeFrame(int index, byte[] dst);

    /** A source over ready-made frames (see {@link #frame(byte[])}). */
    static MessageSource ofFrames(List<byte[]> frames) {
      List<byte[]> copy = List.copyOf(frames);
      int max = copy.stream().mapToInt(f -> f.length).max().orElse(0);
      return new MessageSource() {
        @Override
        public int count() {
          return copy.size();
        }

        @Override
        public int maxFrameLength() {
          return max;
        }

        @Override
        public int encodeFrame(int index, byte[] dst) {
          byte[] f = copy.get(index);
          System.arraycopy(f, 0, dst, 0, f.length);
          return f.length;
        }
      };
    }
  }

  /** Called from the generator thread every progress interval. */
  @FunctionalInterface
  public interface ProgressListener {
    void onProgress(long acknowledged, long total, long elapsedNanos);
  }

  /**
   * The outcome of one run.
   *
   * @param messages messages acknowledged (any MSA-1 code)
   * @param seconds wall time from the first send to the last ACK
   * @param msgsPerSecond {@code messages / seconds}
   * @param nonAa ACKs whose MSA-1 was not {@code AA}
   * @param errors messages that got no ACK (I/O error, timeout, connection closed) plus unexpected
   *     bytes from the server
   */
  public record Result(
      long messages,
      double seconds,
      double msgsPerSecond,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      double maxMs,
      long nonAa,
      long errors) {}

  private final InetSocketAddress target;
  private final int connections;
  private final long ackTimeoutNanos;
  private final long progressIntervalNanos;

  /**
   * @param target the MLLP listener
   * @param connections concurrent connections (each carries one outstanding message)
   * @param ackTimeout a connection waiting longer than this for an ACK is closed and its remaining
   *     messages counted as errors
   * @param progressInterval how often the {@link ProgressListener} is called
   */
  public MllpLoadGenerator(
      InetSocketAddress target, int connections, Duration ackTimeout, Duration progressInterval) {
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be >= 1");
    }
    this.target = Objects.requireNonNull(target);
    this.connections = connections;
    this.ackTimeoutNanos = ackTimeout.toNanos();
    this.progressIntervalNanos = progressInterval.toNanos();
  }

  /** Sends every message of {@code source} and returns once all are acknowledged or failed. */
  public Result run(MessageSource source, ProgressListener listener) throws IOException {
    int total = source.count();
    int n = Math.max(1, Math.min(connections, total));
    List<Conn> conns = new ArrayList<>(n);
    try (Selector selector = Selector.open()) {
      try {
        for (int i = 0; i < n; i++) {
          // Connection i sends messages i, i+n, i+2n, ...
          int share = total <= i ? 0 : (total - i + n - 1) / n;
          SocketChannel ch = SocketChannel.open(target);
          ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
          ch.configureBlocking(false);
          Conn c = new Conn(ch, i, n, share, source.maxFrameLength());
          c.key = ch.register(selector, SelectionKey.OP_READ, c);
          conns.add(c);
        }
        return drive(selector, conns, source, listener, total);
      } finally {
        for (Conn c : conns) {
          closeQuietly(c);
        }
      }
    }
  }

  private Result drive(
      Selector selector,
      List<Conn> conns,
      MessageSource source,
      ProgressListener listener,
      int total)
      throws IOException {
    Run run = new Run(source);
    long start = System.nanoTime();
    for (Conn c : conns) {
      run.sendNext(c);
    }
    long nextCheck = start + 100_000_000L;
    long nextProgress = start + progressIntervalNanos;
    while (run.active > 0) {
      selector.select(key -> run.onReady((Conn) key.attachment()), 100);
      long now = System.nanoTime();
      if (now >= nextCheck) {
        nextCheck = now + 100_000_000L;
        for (Conn c : conns) {
          if (c.open && now - c.sentAt > ackTimeoutNanos) {
            run.fail(c);
          }
        }
      }
      if (listener != null && now >= nextProgress) {
        nextProgress = now + progressIntervalNanos;
        listener.onProgress(run.acked, total, now - start);
      }
    }
    long end = run.lastAck == 0 ? System.nanoTime() : run.lastAck;
    return summarize(conns, run, end - start);
  }

  private static Result summarize(List<Conn> conns, Run run, long elapsedNanos) {
    long[] all = new long[(int) run.acked];
    int k = 0;
    for (Conn c : conns) {
      System.arraycopy(c.latencies, 0, all, k, c.done);
      k += c.done;
    }
    Arrays.sort(all);
    double seconds = elapsedNanos / 1e9;
    return new Result(
        run.acked,
        seconds,
        seconds > 0 ? run.acked / seconds : 0,
        percentileMs(all, 0.50),
        percentileMs(all, 0.90),
        percentileMs(all, 0.99),
        all.length == 0 ? 0 : all[all.length - 1] / 1e6,
        run.nonAa,
        run.errors);
  }

  /** Nearest-rank percentile of sorted nanosecond samples, in milliseconds. */
  static double percentileMs(long[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }

  private static void closeQuietly(Conn c) {
    c.open = false;
    try {
      c.channel.close();
    } catch (IOException ignored) {
      // Nothing to do: the run is over for this connection.
    }
  }

  /** Mutable state of one run; touched by the generator thread only. */
  private static final class Run {
    final MessageSource source;
    int active;
    long acked;
    long nonAa;
    long errors;
    long lastAck;

    Run(MessageSource source) {
      this.source = source;
    }

    void sendNext(Conn c) {
      if (c.done + c.failed >= c.share) {
        if (c.open) {
          closeQuietly(c);
          if (c.counted) {
            active--;
          }
        }
        return;
      }
      if (!c.counted) {
        c.counted = true;
        active++;
      }
      int index = c.first + (c.done + c.failed) * c.stride;
      int length = source.encodeFrame(index, c.out);
      c.outBuf.clear().limit(length);
      c.sentAt = System.nanoTime();
      try {
        c.channel.write(c.outBuf);
        if (c.outBuf.hasRemaining()) {
          c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
      } catch (IOException e) {
        fail(c);
      }
    }

    void onReady(Conn c) {
      if (!c.open) {
        return;
      }
      // Closing a channel cancels its key: check c.open, not the key, after each step.
      int ops = c.key.readyOps();
      try {
        if ((ops & SelectionKey.OP_WRITE) != 0) {
          c.channel.write(c.outBuf);
          if (!c.outBuf.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (c.open && (ops & SelectionKey.OP_READ) != 0) {
          read(c);
        }
      } catch (IOException e) {
        fail(c);
      }
    }

    private void read(Conn c) throws IOException {
      int scanFrom = Math.max(0, c.inBuf.position() - 1);
      int n = c.channel.read(c.inBuf);
      if (n < 0) {
        fail(c);
        return;
      }
      int end = findFrameEnd(c.inBuf.array(), scanFrom, c.inBuf.position());
      if (end < 0) {
        if (!c.inBuf.hasRemaining()) {
          c.growInput();
        }
        return;
      }
      long now = System.nanoTime();
      if (c.outBuf.hasRemaining() || c.inBuf.position() > end + 2) {
        // An ACK before the message was fully written, or bytes beyond one frame: the server is
        // not answering one message at a time.
        errors++;
        fail(c);
        return;
      }
      if (!isAa(c.inBuf.array(), end)) {
        nonAa++;
      }
      c.inBuf.clear();
      c.latencies[c.done++] = now - c.sentAt;
      acked++;
      lastAck = now;
      sendNext(c);
    }

    /** Closes {@code c} and counts its unacknowledged messages (including the outstanding one). */
    void fail(Conn c) {
      if (!c.open) {
        return;
      }
      int remaining = c.share - c.done - c.failed;
      c.failed += remaining;
      errors += remaining;
      closeQuietly(c);
      if (c.counted) {
        active--;
      }
    }
  }

  /** Index of the END_BLOCK of a {@code 0x1C 0x0D} trailer in {@code buf[from, to)}, or -1. */
  static int findFrameEnd(byte[] buf, int from, int to) {
    for (int i = from; i < to - 1; i++) {
      if (buf[i] == ElrMessageFactory.END_BLOCK
          && buf[i + 1] == ElrMessageFactory.CARRIAGE_RETURN) {
        return i;
      }
    }
    return -1;
  }

  /** True if the ACK frame in {@code buf[0, end)} has MSA-1 {@code AA}. */
  static boolean isAa(byte[] buf, int end) {
    int start = 0;
    while (start < end && buf[start] != ElrMessageFactory.START_BLOCK) {
      start++;
    }
    start++;
    // The field separator is MSH-1; fall back to '|' for a frame without a proper MSH.
    byte fs = end - start > 3 && buf[start] == 'M' ? buf[start + 3] : (byte) '|';
    for (int i = start; i + 5 < end; i++) {
      boolean segmentStart = i == start || buf[i - 1] == '\r' || buf[i - 1] == '\n';
      if (segmentStart
          && buf[i] == 'M'
          && buf[i + 1] == 'S'
          && buf[i + 2] == 'A'
          && buf[i + 3] == fs) {
        int f = i + 4;
        return buf[f] == 'A'
            && buf[f + 1] == 'A'
            && (f + 2 >= end || buf[f + 2] == fs || buf[f + 2] == '\r' || buf[f + 2] == '^');
      }
    }
    return false;
  }

  /** One connection: its share of the messages, buffers and latency samples. */
  private static final class Conn {
    final SocketChannel channel;
    final int first;
    final int stride;
    final int share;
    final byte[] out;
    final ByteBuffer outBuf;
    final long[] latencies;
    ByteBuffer inBuf = ByteBuffer.allocate(4096);
    SelectionKey key;
    boolean open = true;
    boolean counted;
    int done;
    int failed;
    long sentAt;

    Conn(SocketChannel channel, int first, int stride, int share, int maxFrame) {
      this.channel = channel;
      this.first = first;
      this.stride = stride;
      this.share = share;
      this.out = new byte[maxFrame];
      this.outBuf = ByteBuffer.wrap(out);
      this.latencies = new long[share];
    }

    void growInput() {
      ByteBuffer bigger = ByteBuffer.allocate(inBuf.capacity() * 2);
      inBuf.flip();
      bigger.put(inBuf);
      inBuf = bigger;
    }
  }
}
