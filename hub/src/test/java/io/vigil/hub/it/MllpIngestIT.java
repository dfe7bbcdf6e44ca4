package io.vigil.hub.it;

import static io.vigil.hub.it.MllpClient.ackCode;
import static io.vigil.hub.it.MllpClient.ackedControlId;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.HubConfig;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MLLP receiver against a real hub and PostgreSQL, over real sockets. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MllpIngestIT {
  @TempDir static Path dir;
  static HubFixture fixture;
  static int port;

  @BeforeAll
  static void start() throws Exception {
    fixture = new HubFixture(dir);
    port = fixture.hub.mllpPort();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void acceptsValidElrOnlyOnceItIsStored() throws Exception {
    try (MllpClient client = new MllpClient(port)) {
      String ack = client.send(TestMessages.elr("11D1111111", "VALID-1"));
      assertThat(ackCode(ack)).isEqualTo("AA");
      assertThat(ackedControlId(ack)).isEqualTo("VALID-1");
    }
    // AA was sent, so the row is already committed: no waiting needed.
    assertThat(fixture.count("control_id = ? AND ack_code = 'AA'", "VALID-1")).isEqualTo(1);
    assertThat(fixture.payload("VALID-1"))
        .isEqualTo(TestMessages.bytes(TestMessages.elr("11D1111111", "VALID-1")));
  }

  @Test
  void reassemblesAMessageSentOneByteAtATime() throws Exception {
    byte[] frame = TestMessages.frame(TestMessages.elr("11D1111111", "DRIP-1"));
    try (MllpClient client = new MllpClient(port)) {
      for (byte b : frame) {
        client.write(new byte[] {b});
      }
      assertThat(ackedControlId(client.readAck())).isEqualTo("DRIP-1");
    }
  }

  @Test
  void answersPipelinedMessagesInOrder() throws Exception {
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < 50; i++) {
      burst.writeBytes(TestMessages.frame(TestMessages.elr("11D1111111", "PIPE-" + i)));
    }
    try (MllpClient client = new MllpClient(port)) {
      client.write(burst.toByteArray());
      for (int i = 0; i < 50; i++) {
        String ack = client.readAck();
        assertThat(ackedControlId(ack)).isEqualTo("PIPE-" + i);
        assertThat(ackCode(ack)).isEqualTo("AA");
      }
    }
  }

  @Test
  void skipsGarbageBetweenFrames() throws Exception {
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    stream.writeBytes("hello?\r\n\u0000\u0001".getBytes(StandardCharsets.US_ASCII));
    stream.writeBytes(TestMessages.frame(TestMessages.elr("11D1111111", "GARBAGE-1")));
    stream.writeBytes(new byte[] {0, 1, 2, 3});
    stream.writeBytes(TestMessages.frame(TestMessages.elr("11D1111111", "GARBAGE-2")));
    try (MllpClient client = new MllpClient(port)) {
      client.write(stream.toByteArray());
      assertThat(ackedControlId(client.readAck())).isEqualTo("GARBAGE-1");
      assertThat(ackedControlId(client.readAck())).isEqualTo("GARBAGE-2");
    }
  }

  @Test
  void answersAnHttpClientWithA400AndClosesInsteadOfWaitingForFrames() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket
          .getOutputStream()
          .write(
              "POST /api/v1/hl7v2 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      assertThat(answer).startsWith("HTTP/1.1 400 ").contains("MLLP");
    }
  }

  @Test
  void closesATlsClientOnThePlainPortAtOnce() throws Exception {
    // The start of a ClientHello; before, the hub waited for frames until the idle timeout.
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xC8, 0x01});
      assertThat(socket.getInputStream().read()).as("closed, nothing sent").isEqualTo(-1);
    }
  }

  @Test
  void keepsAConnectionThatStartedWithUnframedHl7ForTheFramesThatFollow() throws Exception {
    try (MllpClient client = new MllpClient(port)) {
      client.write(TestMessages.bytes(TestMessages.elr("11D1111111", "UNFRAMED-1") + "\r"));
      client.write(TestMessages.frame(TestMessages.elr("11D1111111", "UNFRAMED-2")));
      assertThat(ackedControlId(client.readAck())).isEqualTo("UNFRAMED-2");
    }
    assertThat(fixture.count("control_id = 'UNFRAMED-1'")).isZero();
  }

  @Test
  void rejectsAnOversizedFrameAndKeepsTheConnectionUsable() throws Exception {
    String huge =
        TestMessages.elr("11D1111111", "HUGE-1")
            + "NTE|1||"
            + "x".repeat(10 * 1024 * 1024 + 1)
            + "\r";
    try (MllpClient client = new MllpClient(port)) {
      client.write(TestMessages.frame(huge));
      String ack = client.readAck();
      assertThat(ackCode(ack)).isEqualTo("AR");
      assertThat(ackedControlId(ack)).isEqualTo("HUGE-1");
      assertThat(ack).contains("MESSAGE_TOO_LARGE");

      assertThat(ackCode(client.send(TestMessages.elr("11D1111111", "AFTER-HUGE"))))
          .isEqualTo("AA");
    }
    assertThat(fixture.count("control_id = 'HUGE-1'")).isZero();
  }

  @Test
  void storesNothingForAFrameCutOffByADisconnect() throws Exception {
    byte[] frame = TestMessages.frame(TestMessages.elr("11D1111111", "CUT-1"));
    try (MllpClient client = new MllpClient(port)) {
      client.write(java.util.Arrays.copyOf(frame, frame.length / 2));
    }
    try (MllpClient client = new MllpClient(port)) {
      assertThat(ackCode(client.send(TestMessages.elr("11D1111111", "CUT-2")))).isEqualTo("AA");
    }
    assertThat(fixture.count("control_id = 'CUT-1'")).isZero();
  }

  @Test
  void replaysTheOriginalAcknowledgementForADuplicate() throws Exception {
    try (MllpClient client = new MllpClient(port)) {
      String first = client.send(TestMessages.elr("11D1111111", "DUP-1"));
      String again = client.send(TestMessages.elr("11D1111111", "DUP-1"));
      assertThat(again).isEqualTo(first);
    }
    assertThat(fixture.count("control_id = 'DUP-1'")).isEqualTo(1);
  }

  @Test
  void answersAResendAsTheOriginalButRefusesAnotherMessageUnderTheSameControlId() throws Exception {
    String original = TestMessages.elr("11D1111111", "REUSE-1");
    // The sender's engine rebuilt the message to retry it: a new MSH-7, CRLF line ends.
    String resent =
        original.replace("|20250310143005-0500|", "|20250310150000-0500|").replace("\r", "\r\n");
    // A corrected result sent under the same control id: before, it was answered with the
    // original's AA and its content dropped.
    String corrected = original.replace("260373001^Detected^SCT", "260415000^Not detected^SCT");
    try (MllpClient client = new MllpClient(port)) {
      String first = client.send(original);
      assertThat(ackCode(first)).isEqualTo("AA");
      assertThat(client.send(resent)).isEqualTo(first);

      String refused = client.send(corrected);
      // AE, "do not resend without correction": an engine that resends on AR would loop.
      assertThat(ackCode(refused)).isEqualTo("AE");
      assertThat(ackedControlId(refused)).isEqualTo("REUSE-1");
      assertThat(refused).contains("205^").contains("MSH10_REUSED").contains("MSH^1^10");
    }
    assertThat(fixture.count("control_id = 'REUSE-1'")).isEqualTo(1);
    assertThat(fixture.payload("REUSE-1")).isEqualTo(TestMessages.bytes(original));
    // Kept for audit without the control id, so the original keeps it; the resend is not kept.
    assertThat(
            fixture.count(
                "control_id IS NULL AND disposition = 'reject' AND payload = ?",
                TestMessages.bytes(corrected)))
        .isEqualTo(1);
    assertThat(fixture.count("payload = ?", TestMessages.bytes(resent))).isZero();
  }

  @Test
  void sendsTheAcknowledgementsMsh15And16AskForInOrder() throws Exception {
    String facility = "11D1111111";
    try (MllpClient client = new MllpClient(port)) {
      // ER/AL, the immunization guide's pattern: no accept ACK on success, the application ACK.
      String app =
          client.send(TestMessages.enhanced(TestMessages.elr(facility, "ENH-1"), "ER", "AL"));
      assertThat(ackCode(app)).isEqualTo("AA");
      assertThat(ackedControlId(app)).isEqualTo("ENH-1");

      // AL/AL asks for the accept ACK and the application ACK; a client that sends a frame and
      // reads one reply gets one: the application ACK, which carries the outcome. The next frame's
      // answer is its own (a second frame here would be read as the answer to ENH-3).
      String both = TestMessages.enhanced(TestMessages.elr(facility, "ENH-2"), "AL", "AL");
      String application = client.send(both);
      assertThat(ackCode(application)).isEqualTo("AA");
      assertThat(ackedControlId(application)).isEqualTo("ENH-2");

      // NE/NE (ELR's NoAck profile) asks for nothing; mllp.always-answer (on by default) still
      // answers each frame with its accept acknowledgement.
      String courtesy =
          client.send(TestMessages.enhanced(TestMessages.elr(facility, "ENH-3"), "NE", "NE"));
      assertThat(ackCode(courtesy)).isEqualTo("CA");
      assertThat(ackedControlId(courtesy)).isEqualTo("ENH-3");
      assertThat(ackedControlId(client.send(TestMessages.elr(facility, "ENH-4"))))
          .isEqualTo("ENH-4");

      // A resent AL/AL message replays its original answer, once.
      assertThat(client.send(both)).isEqualTo(application);
      assertThat(ackedControlId(client.send(TestMessages.elr(facility, "ENH-5"))))
          .isEqualTo("ENH-5");
    }
    assertThat(fixture.count("control_id LIKE 'ENH-%'")).isEqualTo(5);
    // The NE/NE message is stored like any other; the row keeps the accept acknowledgement's code.
    assertThat(fixture.count("control_id = 'ENH-3' AND ack_code = 'CA'")).isEqualTo(1);
    assertThat(fixture.count("control_id IN ('ENH-1', 'ENH-2') AND ack_code = 'AA'")).isEqualTo(2);
  }

  @Test
  void rejectsAnUnsupportedMessageTypeButStoresItForAudit() throws Exception {
    try (MllpClient client = new MllpClient(port)) {
      String ack = client.send(TestMessages.adt("11D1111111", "ADT-1"));
      assertThat(ackCode(ack)).isEqualTo("AR");
      assertThat(ackedControlId(ack)).isEqualTo("ADT-1");
      assertThat(ack).contains("ERR|");
    }
    assertThat(fixture.count("control_id = 'ADT-1' AND disposition = 'reject'")).isEqualTo(1);
  }

  @Test
  void answersASenderThatHalfClosesAfterItsLastFrameThenCloses() throws Exception {
    // Before: Netty closed the connection on the sender's FIN, so messages were stored and AA'd
    // in the database but the sender never got the acknowledgements.
    try (MllpClient client = new MllpClient(port)) {
      for (int i = 1; i <= 3; i++) {
        client.write(TestMessages.frame(TestMessages.elr("11D1111111", "HALF-" + i)));
      }
      client.write(new byte[] {0x0B, 'M', 'S', 'H'}); // a frame the end of input cuts off
      client.shutdownOutput();
      for (int i = 1; i <= 3; i++) {
        String ack = client.readAck();
        assertThat(ackCode(ack)).isEqualTo("AA");
        assertThat(ackedControlId(ack)).isEqualTo("HALF-" + i);
      }
      assertThat(client.closedByPeer()).as("closed once everything is answered").isTrue();
    }
    assertThat(fixture.count("control_id LIKE 'HALF-%'")).isEqualTo(3);
  }

  @Test
  void rejectsAControlIdTooLongToKeepAndStoresTheMessageForAudit() throws Exception {
    String longId = "LONG-" + java.util.UUID.randomUUID().toString().repeat(100);
    try (MllpClient client = new MllpClient(port)) {
      String ack = client.send(TestMessages.elr("11D1111111", longId));
      assertThat(ackCode(ack)).isEqualTo("AR");
      assertThat(ackedControlId(ack)).isEqualTo(longId);
      assertThat(ack).contains("MSH10_TOO_LONG");
    }
    assertThat(
            fixture.count(
                "control_id IS NULL AND disposition = 'reject'"
                    + " AND position(convert_to(?, 'UTF8') in payload) > 0",
                longId))
        .isEqualTo(1);
  }

  @Test
  void answersABatchOrMessagesBackToBackInOneFrameWithOneBatchAcknowledgement() throws Exception {
    String batch =
        "BHS|^~\\&|LabFlow|11D1111111|HUB|DOH|20250310||||MB-1\r"
            + TestMessages.elr("11D1111111", "MBATCH-1")
            + TestMessages.elr("11D1111111", "MBATCH-2")
            + "BTS|2\r";
    String backToBack =
        TestMessages.elr("11D1111111", "MB2B-1") + TestMessages.elr("11D1111111", "MB2B-2");
    try (MllpClient client = new MllpClient(port)) {
      String ack = client.send(batch);
      assertThat(ack).startsWith("BHS|").contains("|MB-1\r").endsWith("\rBTS|2\r");
      assertThat(ack).contains("MSA|AA|MBATCH-1", "MSA|AA|MBATCH-2");
      // Before: the second message rode inside the first one's submission, never answered.
      String implied = client.send(backToBack);
      assertThat(implied).startsWith("BHS|").endsWith("\rBTS|2\r");
      assertThat(implied).contains("MSA|AA|MB2B-1", "MSA|AA|MB2B-2");
      // One frame in, one frame out: the next message's acknowledgement is its own.
      assertThat(ackedControlId(client.send(TestMessages.elr("11D1111111", "MB-AFTER"))))
          .isEqualTo("MB-AFTER");
    }
    assertThat(fixture.count("control_id IN ('MBATCH-1', 'MBATCH-2', 'MB2B-1', 'MB2B-2')"))
        .isEqualTo(4);
    assertThat(fixture.payload("MB2B-2"))
        .isEqualTo(TestMessages.bytes(TestMessages.elr("11D1111111", "MB2B-2")));
  }

  @Test
  void answersExactlyWhatMsh15And16AskForWhenConfiguredTo(@TempDir Path strictDir)
      throws Exception {
    HubConfig strict = HubConfig.forDev(strictDir);
    HubFixture silent = new HubFixture(strict.withMllp(strict.mllp().withAlwaysAnswer(false)));
    try (MllpClient client = new MllpClient(silent.hub.mllpPort())) {
      client.write(
          TestMessages.frame(
              TestMessages.enhanced(TestMessages.elr("11D1111111", "STRICT-1"), "NE", "NE")));
      // Nothing answers STRICT-1: the next frame on the wire answers the next message.
      assertThat(ackedControlId(client.send(TestMessages.elr("11D1111111", "STRICT-2"))))
          .isEqualTo("STRICT-2");
      assertThat(silent.count("control_id = 'STRICT-1'")).isEqualTo(1);
      // As the standard reads, AL/AL gets two frames: the accept ACK, then the application ACK.
      client.write(
          TestMessages.frame(
              TestMessages.enhanced(TestMessages.elr("11D1111111", "STRICT-3"), "AL", "AL")));
      String accept = client.readAck();
      String application = client.readAck();
      assertThat(ackCode(accept)).isEqualTo("CA");
      assertThat(ackCode(application)).isEqualTo("AA");
      assertThat(ackedControlId(accept)).isEqualTo("STRICT-3");
      assertThat(ackedControlId(application)).isEqualTo("STRICT-3");
    } finally {
      silent.close();
    }
  }

  @Test
  void aClientThatNeverReadsCannotStallItsConnectionWithAnswersItDidNotAskFor() throws Exception {
    // Unasked-for answers are written only while the client reads and are never waited on. When
    // they were waited on, this client's writes blocked for good once the hub's answers filled the
    // socket buffers (~20,000 answers here): the hub had stopped reading.
    int messages = 20_000;
    String deaf = "position(convert_to('|DEAF-', 'UTF8') in payload) > 0";
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(4096);
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
      Future<?> sent =
          writer.submit(
              () -> {
                var out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
                for (int i = 0; i < messages; i++) {
                  out.write(
                      TestMessages.frame(
                          TestMessages.enhanced(
                              TestMessages.elr("11D1111111", "DEAF-" + i), "NE", "NE")));
                }
                out.flush();
                return null;
              });
      try {
        sent.get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("the hub stopped reading a client that does not read", e);
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (fixture.count(deaf) < messages && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
    } finally {
      writer.shutdownNow(); // the socket is closed: a blocked write ends
    }
    // Every frame was taken (some over the facility's rate limit: stored without a control id).
    assertThat(fixture.count(deaf)).isEqualTo(messages);
  }

  @Test
  void servesManyConcurrentConnections() throws Exception {
    int connections = 100;
    int perConnection = 10;
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int c = 0; c < connections; c++) {
        int conn = c;
        results.add(
            pool.submit(
                () -> {
                  int accepted = 0;
                  try (MllpClient client = new MllpClient(port)) {
                    for (int i = 0; i < perConnection; i++) {
                      String id = "CONC-" + conn + "-" + i;
                      String ack = client.send(TestMessages.elr("11D1111111", id));
                      if (ackCode(ack).equals("AA") && ackedControlId(ack).equals(id)) {
                        accepted++;
                      }
                    }
                  }
                  return accepted;
                }));
      }
      int total = 0;
      for (Future<Integer> r : results) {
        total += r.get(90, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(connections * perConnection);
    } finally {
      pool.shutdownNow();
    }
    assertThat(fixture.count("control_id LIKE 'CONC-%'")).isEqualTo(connections * perConnection);
  }
}
