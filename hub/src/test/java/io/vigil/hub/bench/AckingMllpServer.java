package io.vigil.hub.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny MLLP receiver for the load generator's tests: ACKs each message with MSA-1 taken from the
 * control id's prefix ("AA-7" → AA) and remembers every control id it received.
 */
final class AckingMllpServer implements Closeable {
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final Set<String> controlIds = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  /**
   * Starts listening on a free loopback port. {@code split} writes each ACK in three pieces (the
   * last one separating 0x1C from 0x0D); the server hangs up after {@code acksPerConnection} ACKs.
   */
  InetSocketAddress start(boolean split, int acksPerConnection) throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.submit(
        () -> {
          while (!server.isClosed()) {
            Socket s;
            try {
              s = server.accept();
            } catch (IOException e) {
              return;
            }
            threads.submit(() -> serve(s, split, acksPerConnection));
          }
        });
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
  }

  /** The distinct control ids (MSH-10) received so far. */
  Set<String> controlIds() {
    return controlIds;
  }

  @Override
  public void close() throws IOException {
    if (server != null) {
      server.close();
    }
    threads.shutdownNow();
  }

  private Void serve(Socket socket, boolean split, int acksPerConnection) throws Exception {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      for (int n = 0; n < acksPerConnection; n++) {
        String msg = readFrame(in);
        if (msg == null) {
          return null;
        }
        String controlId = msg.split("\r")[0].split("\\|")[9];
        controlIds.add(controlId);
        byte[] ack =
            MllpLoadGeneratorTest.ackFrame(
                "MSH|^~\\&|VIGIL|DOH|LAB|FAC|20261122120001||ACK^R01^ACK|A"
                    + controlId
                    + "|P|2.5.1\rMSA|"
                    + controlId.substring(0, 2)
                    + "|"
                    + controlId
                    + "\r");
        if (split) {
          int[] cuts = {0, 7, ack.length - 1, ack.length};
          for (int i = 0; i < 3; i++) {
            out.write(ack, cuts[i], cuts[i + 1] - cuts[i]);
            out.flush();
            Thread.sleep(1); // separate TCP segments
          }
        } else {
          out.write(ack);
          out.flush();
        }
      }
      // Take the next message off the wire before hanging up, so the close is a FIN, not a RST.
      readFrame(in);
    }
    return null;
  }

  private static String readFrame(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      return null;
    }
    if (b != 0x0B) {
      throw new IOException("expected start block, got " + b);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int prev = -1;
    while ((b = in.read()) >= 0) {
      if (prev == 0x1C && b == 0x0D) {
        byte[] bytes = body.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      body.write(b);
      prev = b;
    }
    return null;
  }
}
