package io.vigil.ingest.mllp;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;
import io.vigil.ingest.auth.Submitter;
import io.vigil.ingest.hl7v2.RawBatch;
import io.vigil.ingest.intake.BatchIntake;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.InboundBudget;
import io.vigil.ingest.intake.IngestMetrics;
import io.vigil.ingest.intake.IntakeResult;
import io.vigil.ingest.sender.LoggableText;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MLLP connection: decodes frames, submits each message, and writes acknowledgements in the
 * order the messages arrived (a sender may pipeline). Reading pauses while too many messages are in
 * flight, so a flood from one peer cannot exhaust memory, and large frames hold the server's {@link
 * InboundBudget} until they are answered, so documents from many peers at once cannot either; one
 * that arrives too slowly to deserve its share is cut ({@link FramePace}). With mTLS every message
 * must name one of the certificate's sender's facilities.
 */
final class MllpConnection {
  private static final Logger LOG = LoggerFactory.getLogger(MllpConnection.class);
  private static final int MAX_IN_FLIGHT = 64;
  private static final int RESUME_BELOW = 16;

  private final Context context;
  private final NetSocket socket;
  private final Hl7v2Intake intake;
  private final IngestMetrics metrics;
  private final MllpFrameDecoder decoder;
  private final InboundBudget budget;
  private final Submitter submitter;
  private final FramePace pace;
  private final Counter slowFrames;
  private Future<Void> tail = Future.succeededFuture();
  private BatchIntake batches; // created for the first frame holding several messages
  private int inFlight;
  private boolean paused;
  private boolean inputEnded;
  private boolean draining; // the hub is stopping: nothing more is read, what is owed is answered
  private boolean sniffed; // the first bytes were checked for another protocol
  private boolean refused; // another protocol: closed, nothing more is read
  private boolean warnedSkipped;
  private long lastActivityNanos = System.nanoTime();
  private final long idleNanos;
  private final boolean alwaysAnswer;
  private final long idleTimer;

  MllpConnection(
      Context context,
      NetSocket socket,
      MllpConfig config,
      Hl7v2Intake intake,
      IngestMetrics metrics,
      InboundBudget budget,
      Consumer<MllpConnection> onClose,
      Submitter submitter) {
    this.context = context;
    this.budget = budget;
    this.submitter = submitter;
    this.socket = socket;
    this.intake = intake;
    this.metrics = metrics;
    this.alwaysAnswer = config.alwaysAnswer();
    this.pace = new FramePace(config.minFrameBytesPerSecond(), config.minFrameRateGrace());
    this.slowFrames = FramePace.slowFrames(metrics.registry());
    this.decoder =
        new MllpFrameDecoder(
            config.maxFrameBytes(),
            budget,
            new MllpFrameDecoder.Listener() {
              @Override
              public void onFrame(byte[] payload) {
                accept(payload);
              }

              @Override
              public void onOversizedFrame(byte[] head, long length) {
                rejectOversized(head, length);
              }

              @Override
              public void onFrameOverBudget(byte[] head, long length) {
                rejectBusy(head, length);
              }

              @Override
              public void onGarbage(long bytes) {
                skipped(bytes);
              }

              @Override
              public void onFrameStart() {
                pace.frameStarted(System.nanoTime());
              }
            });
    this.idleNanos = config.idleTimeout().toNanos();
    long checkEvery = pace.checkEveryMillis(Math.max(250, config.idleTimeout().toMillis() / 4));
    this.idleTimer = context.owner().setPeriodic(checkEvery, id -> onTimer());
    socket.closeHandler(
        v -> {
          context.owner().cancelTimer(idleTimer);
          decoder.close();
          onClose.accept(this);
        });
    socket.handler(this::read);
    if (socket instanceof NetSocketInternal internal) {
      // A sender may shut down its output after its last frame and read the answers until the
      // hub closes (scripts, nc -N, batch senders). Netty closes on that first EOF unless
      // half-closure is allowed, and the acknowledgements of stored messages were lost.
      internal
          .channelHandlerContext()
          .channel()
          .config()
          .setOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
      internal.eventHandler(
          event -> {
            if (event instanceof ChannelInputShutdownEvent) {
              endOfInput();
            }
          });
    }
    socket.exceptionHandler(
        e -> LOG.debug("MLLP connection error [remote: {}]", socket.remoteAddress(), e));
  }

  /**
   * The sender sent all it will: answer what is in flight, then close. A frame cut off by the end
   * of input is not a message and is not stored, as when the connection drops.
   */
  private void endOfInput() {
    inputEnded = true;
    LOG.debug(
        "MLLP sender ended its output [remote: {}, inFlight: {}]",
        socket.remoteAddress(),
        inFlight);
    if (inFlight == 0) {
      socket.close();
    }
  }

  /**
   * The hub is stopping ({@link MllpServer#stop}): read nothing more, answer the messages already
   * received once they are stored, then close. Without this the connection was closed at once and a
   * message stored a moment later was never acknowledged: the sender resent it and got the original
   * acknowledgement from the next hub, but only after its own timeout and retry. Bytes not yet
   * read, or a frame cut off, are not messages: nothing of them is stored, and the sender sends
   * them again, as after a dropped connection. A frame cut for its pace ends its connection the
   * same way.
   */
  private void drain() {
    draining = true;
    pause();
    LOG.debug(
        "MLLP connection draining, reading nothing more [remote: {}, inFlight: {}]",
        socket.remoteAddress(),
        inFlight);
    if (inFlight == 0) {
      socket.close();
    }
  }

  /** The hub is stopping: drain on this connection's own context ({@link #drain}). */
  void drainForStop() {
    context.runOnContext(v -> drain());
  }

  private void onTimer() {
    if (!cutIfSlow()) {
      closeIfIdle();
    }
  }

  /** Idle means nothing received and nothing owed: a message being processed keeps it open. */
  private void closeIfIdle() {
    if (inFlight == 0 && System.nanoTime() - lastActivityNanos > idleNanos) {
      LOG.debug("closing idle MLLP connection [remote: {}]", socket.remoteAddress());
      context.owner().cancelTimer(idleTimer);
      socket.close();
    }
  }

  private void read(Buffer buffer) {
    lastActivityNanos = System.nanoTime();
    if (refused) {
      return;
    }
    byte[] bytes = buffer.getBytes();
    if (!sniffed) {
      sniffed = true;
      ForeignProtocol.sniff(bytes, bytes.length).ifPresent(this::refuseOrWarn);
      if (refused) {
        return;
      }
    }
    decoder.feed(bytes, 0, bytes.length);
    cutIfSlow();
  }

  /**
   * A large frame arriving below the minimum rate ({@link FramePace}) gives its budget back at once
   * and the connection closes once the messages before it are answered: a partial frame is no
   * message, nothing of it is stored, and the sender's engine sends it again. Checked on every read
   * and on the timer, as a dripping peer reads rarely. True when it was cut.
   */
  private boolean cutIfSlow() {
    long held = decoder.heldBytes();
    long now = System.nanoTime();
    if (held == 0 || draining || !pace.tooSlow(held, now)) {
      return false;
    }
    slowFrames.increment();
    LOG.warn(
        "MLLP frame arriving too slowly cut, connection closed [remote: {}, submitter: {},"
            + " bytesSoFar: {}, seconds: {}, minBytesPerSecond: {}]",
        socket.remoteAddress(),
        LoggableText.of(submitter.label()),
        held,
        String.format("%.1f", pace.elapsedNanos(now) / 1e9),
        pace.bytesPerSecond());
    decoder.close();
    refused = true; // what else arrives of the frame is not read
    drain();
    return true;
  }

  /**
   * A peer that opened with another protocol: told in the log once (what was seen, what to do);
   * closed when no MLLP frame can follow, an HTTP client first getting a 400 saying so.
   */
  private void refuseOrWarn(ForeignProtocol protocol) {
    warnedSkipped = true;
    LOG.warn(
        "MLLP peer is not speaking MLLP [remote: {}, seen: {}, closing: {}]",
        socket.remoteAddress(),
        protocol.description(),
        protocol.closes());
    if (protocol.closes()) {
      refused = true;
      if (protocol == ForeignProtocol.HTTP) {
        socket.end(Buffer.buffer(ForeignProtocol.HTTP_REPLY));
      } else {
        socket.close();
      }
    }
  }

  /** Skipped bytes are worth one line per connection; a chatty peer is not worth more. */
  private void skipped(long bytes) {
    if (warnedSkipped) {
      LOG.debug("skipped bytes outside MLLP frames [bytes: {}]", bytes);
      return;
    }
    warnedSkipped = true;
    LOG.warn(
        "skipped bytes outside MLLP frames, or an unfinished frame [remote: {}, bytes: {}]"
            + " (further skips on this connection are logged at debug)",
        socket.remoteAddress(),
        bytes);
  }

  private void accept(byte[] payload) {
    long receivedNanos = System.nanoTime();
    long reservation = MllpFrameDecoder.reservationOf(payload.length);
    if (!RawBatch.isSingleMessage(payload)) {
      RawBatch batch = RawBatch.slice(payload);
      if (BatchIntake.isSeveral(batch)) {
        // A batch (or messages back to back) in one frame: every message is taken and the frame
        // gets one frame back, the batch acknowledgement, as the sender waits for one reply.
        if (batches == null) {
          batches = new BatchIntake(intake, Clock.systemUTC());
        }
        LOG.debug("MLLP frame holds several messages [messages: {}]", batch.messages().size());
        enqueue(
            Future.fromCompletionStage(
                    batches.submit(batch, "mllp", receivedNanos, submitter), context)
                .map(r -> new Reply(List.of(r.ackBytes()), false)),
            reservation);
        return;
      }
    }
    Future<IntakeResult> result =
        Future.fromCompletionStage(
            intake.submit(payload, "mllp", receivedNanos, submitter), context);
    enqueue(result.map(this::reply), reservation);
  }

  /**
   * With {@code mllp.always-answer} on (the default), exactly one acknowledgement per frame, as
   * HTTP answers: the application acknowledgement when MSH-16 asks for one (it carries the outcome
   * and implies the commit), else the accept acknowledgement, sent as a courtesy when MSH-15/16 ask
   * for nothing in this case (NE/NE, ER/NE on a success). MLLP clients send a frame and read one
   * reply: a second frame (AL/AL's CA, then AA) would be read as the answer to their next message
   * (ADR 0003). Off: what MSH-15/16 ask for, none, one or two frames.
   */
  private Reply reply(IntakeResult r) {
    List<byte[]> asked = r.acksToSend();
    if (!alwaysAnswer) {
      return new Reply(asked, false);
    }
    return new Reply(List.of(r.ackBytes()), asked.isEmpty());
  }

  /**
   * Frames to write for one received frame. A courtesy frame was not asked for: it is written only
   * when the peer is reading (the write queue has room) and never waited on, so a client that
   * really does not read cannot stall the connection.
   */
  private record Reply(List<byte[]> frames, boolean courtesy) {}

  private void rejectOversized(byte[] head, long length) {
    metrics.oversized("mllp");
    LOG.warn(
        "MLLP frame over the size cap refused [remote: {}, submitter: {}, bytesSoFar: {}]",
        socket.remoteAddress(),
        LoggableText.of(submitter.label()),
        length);
    enqueue(Future.succeededFuture(reply(intake.rejectOversized(head, length, "mllp"))), 0);
  }

  private void rejectBusy(byte[] head, long length) {
    LOG.warn(
        "MLLP frame refused, large frames in flight use the memory budget [bytesSoFar: {},"
            + " budgetBytes: {}, remote: {}]",
        length,
        budget.capacity(),
        socket.remoteAddress());
    enqueue(Future.succeededFuture(reply(intake.rejectBusy(head, "mllp"))), 0);
  }

  /**
   * Chains the acknowledgements after the previous ones so ACKs leave in arrival order; the frame's
   * {@code reservation} of the budget is given back once they are written.
   */
  private void enqueue(Future<Reply> acks, long reservation) {
    inFlight++;
    if (inFlight >= MAX_IN_FLIGHT && !paused) {
      paused = true;
      pause();
    }
    tail =
        tail.transform(previous -> acks)
            .compose(
                reply -> {
                  Future<Void> written = Future.succeededFuture();
                  if (reply.courtesy()) {
                    if (!socket.writeQueueFull()) {
                      socket.write(frame(reply.frames().get(0)));
                    }
                    return written;
                  }
                  for (byte[] ack : reply.frames()) {
                    written = socket.write(frame(ack)); // accept, then application: in order
                  }
                  return written;
                })
            .transform(
                written -> {
                  budget.release(reservation);
                  inFlight--;
                  lastActivityNanos = System.nanoTime();
                  if (paused && inFlight < RESUME_BELOW && !draining) {
                    paused = false;
                    socket.resume();
                    pace.resumed(System.nanoTime());
                  }
                  if ((inputEnded || draining) && inFlight == 0) {
                    socket.close(); // queued writes are flushed first
                  }
                  // A write to a closed socket is harmless: the message is stored, and the
                  // sender's resend will get the original acknowledgement.
                  return Future.succeededFuture();
                });
  }

  /** Stops reading; the time until reading resumes is not the sender's (the frame's pace). */
  private void pause() {
    socket.pause();
    pace.paused(System.nanoTime());
  }

  private static Buffer frame(byte[] ack) {
    Buffer b = Buffer.buffer(ack.length + 3);
    b.appendByte(MllpFrameDecoder.START_BLOCK);
    b.appendBytes(ack);
    b.appendByte(MllpFrameDecoder.END_BLOCK);
    b.appendByte(MllpFrameDecoder.CARRIAGE_RETURN);
    return b;
  }
}
