package io.vigil.hub;

/**
 * A running hub (ingest receivers, store, API), started in-process. Used by the CLI, the benchmarks
 * and integration tests.
 */
public final class VigilHub implements AutoCloseable {

  /** Starts a hub from {@code config}; returns once it accepts traffic. */
  public static VigilHub start(HubConfig config) throws Exception {
    throw new UnsupportedOperationException("not yet wired");
  }

  /** The MLLP port actually bound (resolves port 0). */
  public int mllpPort() {
    throw new UnsupportedOperationException();
  }

  /** The HTTP port actually bound (resolves port 0). */
  public int httpPort() {
    throw new UnsupportedOperationException();
  }

  /** The JDBC URL of the system of record. */
  public String jdbcUrl() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void close() {}
}
