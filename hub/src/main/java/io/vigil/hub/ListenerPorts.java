package io.vigil.hub;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Whether the MLLP and HTTP listeners can bind, asked before anything slow starts: a busy port is
 * then refused in a moment with its listener, host and port named, instead of after PostgreSQL,
 * Kafka, Flink and anvil have started (and as a bare {@code BindException}).
 */
final class ListenerPorts {
  private ListenerPorts() {}

  /**
   * Binds and releases {@code host:port} (port 0 always binds).
   *
   * @param listener {@code MLLP} or {@code HTTP}
   * @param setting the setting that chooses the port, e.g. {@code mllp.port or --mllp-port}
   * @throws StartupRefused when it cannot bind
   */
  static void requireFree(String listener, String host, int port, String setting) {
    if (port == 0) {
      return;
    }
    try (ServerSocket probe = new ServerSocket()) {
      // As Vert.x binds: a port left in TIME_WAIT by an earlier run is free.
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(host, port));
    } catch (IOException e) {
      throw cannotBind(listener, host, port, setting, e);
    }
  }

  /** The one-line refusal for a listener that could not bind, whatever reported it. */
  static StartupRefused cannotBind(
      String listener, String host, int port, String setting, Throwable failure) {
    if (addressInUse(failure)) {
      return new StartupRefused(
          listener
              + " port "
              + port
              + " on "
              + host
              + " is already in use (another hub or program listens there); choose another with "
              + setting,
          failure);
    }
    return new StartupRefused(
        listener + " listener cannot bind " + host + ":" + port + ": " + failure.getMessage(),
        failure);
  }

  /** True when {@code failure} or one of its causes says the address is taken. */
  static boolean addressInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("Address already in use")) {
        return true;
      }
      if (t instanceof BindException && message == null) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
