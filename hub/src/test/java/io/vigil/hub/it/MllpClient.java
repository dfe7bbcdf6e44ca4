package io.vigil.hub.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A plain-socket MLLP peer for tests: writes raw bytes, reads whole ACK frames. */
final class MllpClient implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  MllpClient(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(30_000);
    socket.setTcpNoDelay(true);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  void write(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Half-closes: tells the hub nothing more will be sent, keeping the way back open. */
  void shutdownOutput() throws IOException {
    socket.shutdownOutput();
  }

  /** True when the hub has closed the connection (the next read sees the end of the stream). */
  boolean closedByPeer() throws IOException {
    return in.read() < 0;
  }

  /** Sends one framed message and returns the ACK text. */
  String send(String message) throws IOException {
    write(TestMessages.frame(message));
    return readAck();
  }

  /** Reads one MLLP frame; the payload as text (segments separated by CR). */
  String readAck() throws IOException {
    int b;
    while ((b = in.read()) != 0x0B) {
      if (b < 0) {
        throw new IOException("connection closed before an ACK");
      }
    }
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    while ((b = in.read()) != 0x1C) {
      if (b < 0) {
        throw new IOException("connection closed inside an ACK");
      }
      payload.write(b);
    }
    if (in.read() != 0x0D) {
      throw new IOException("ACK frame not ended by FS CR");
    }
    return payload.toString(StandardCharsets.ISO_8859_1);
  }

  /** MSA-1 of an ACK. */
  static String ackCode(String ack) {
    return msa(ack)[1];
  }

  /** MSA-2 of an ACK. */
  static String ackedControlId(String ack) {
    String[] msa = msa(ack);
    return msa.length > 2 ? msa[2] : "";
  }

  private static String[] msa(String ack) {
    for (String segment : ack.split("\r")) {
      if (segment.startsWith("MSA")) {
        return segment.split("\\|", -1);
      }
    }
    throw new AssertionError("no MSA segment in ACK: " + ack.replace('\r', '\n'));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
