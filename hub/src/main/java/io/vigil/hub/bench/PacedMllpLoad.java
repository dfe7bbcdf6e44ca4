package io.vigil.hub.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Steady MLLP load for a soak: {@code connections} connections, each on its own thread sending one
 * message, waiting for its ACK, and sending the next at its next slot, so that together they offer
 * {@code rate} messages a second. A connection that falls behind sends at once, without bursting to
 * catch up. A failed exchange counts as an error and the connection is reopened.
 *
 * <p>Unlike {@link MllpLoadGenerator} (closed loop, as fast as the server answers) the offered load
 * does not follow the server: a hub that slows down shows it as latency, not as a lower rate.
 */
final class PacedMllpLoad implements AutoCloseable {
  private final InetSocketAddress target;
  private final ElrMessageFactory factory;
  private final AtomicLong sequence;
  private final int connections;
  private final long intervalNanos;
  private final int ackTimeoutMillis;
  private final SoakWindow window;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;

  /**
   * @param firstSequence sequence number (MSH-10) of the first message
   * @param rate messages per second over all connections
   */
  PacedMllpLoad(
      InetSocketAddress target,
      ElrMessageFactory factory,
      long firstSequence,
      int connections,
      double rate,
      Duration ackTimeout,
      SoakWindow window) {
    if (connections < 1 || rate <= 0) {
      throw new IllegalArgumentException("connections and rate must be positive");
    }
    this.target = target;
    this.factory = factory;
    this.sequence = new AtomicLong(firstSequence);
    this.connections = connections;
    this.intervalNanos = (long) (connections * 1e9 / rate);
    this.ackTimeoutMillis = (int) ackTimeout.toMillis();
    this.window = window;
  }

  void start() {
    long start = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      long first = start + i * intervalNanos / connections; // spread the connections' slots
      Thread t = new Thread(() -> drive(first), "soak-mllp-" + i);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  private void drive(long firstSlot) {
    byte[] out = new byte[factory.maxFrameLength()];
    byte[] in = new byte[64 * 1024];
    long next = firstSlot;
    Socket socket = null;
    while (running) {
      long now = System.nanoTime();
      if (next > now) {
        LockSupport.parkNanos(Math.min(next - now, 100_000_000L));
        continue;
      }
      next = Math.max(next + intervalNanos, now);
      try {
        if (socket == null) {
          socket = new Socket();
          socket.setTcpNoDelay(true);
          socket.setSoTimeout(ackTimeoutMillis);
          socket.connect(target, ackTimeoutMillis);
        }
        int length = factory.encodeFrame(sequence.getAndIncrement(), out);
        long sent = System.nanoTime();
        socket.getOutputStream().write(out, 0, length);
        int end = readAck(socket.getInputStream(), in);
        window.ack(System.nanoTime() - sent, MllpLoadGenerator.isAa(in, end));
      } catch (IOException | RuntimeException e) {
        if (running) {
          window.error();
        }
        closeQuietly(socket);
        socket = null;
      }
    }
    closeQuietly(socket);
  }

  /** Reads one ACK frame into {@code buf}; returns the index of its end block. */
  static int readAck(InputStream in, byte[] buf) throws IOException {
    int filled = 0;
    while (true) {
      int n = in.read(buf, filled, buf.length - filled);
      if (n < 0) {
        throw new IOException("connection closed before the ACK");
      }
      int from = Math.max(0, filled - 1);
      filled += n;
      int end = MllpLoadGenerator.findFrameEnd(buf, from, filled);
      if (end >= 0) {
        if (filled > end + 2) {
          throw new IOException("bytes beyond one ACK frame");
        }
        return end;
      }
      if (filled == buf.length) {
        throw new IOException("ACK frame larger than " + buf.length + " bytes");
      }
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // The connection is finished either way.
    }
  }

  /** Stops the connections (each finishes its exchange in flight). */
  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(ackTimeoutMillis + 1_000L);
    }
  }
}
