package io.vigil.hub.bench;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.app.HL7Service;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.protocol.ApplicationRouter;
import ca.uhn.hl7v2.protocol.ReceivingApplication;
import ca.uhn.hl7v2.protocol.ReceivingApplicationException;
import ca.uhn.hl7v2.protocol.impl.ApplicationRouterImpl;
import ca.uhn.hl7v2.util.StandardSocketFactory;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmark's yardstick: what a straightforward receiver built from stock parts does. A plain
 * HAPI {@link HL7Service} (thread per connection, default parser and validation) whose application
 * does one JDBC {@code INSERT} + {@code COMMIT} per message through HikariCP, then answers {@code
 * message.generateACK()}.
 *
 * <p>Rows go to {@code vigil_bench.bench_baseline_message}, in a schema of its own so the hub's
 * Flyway migrations of {@code public} never see a foreign table; the schema is recreated on start
 * and dropped on {@link #close()}.
 */
public final class BaselineMllpReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BaselineMllpReceiver.class);

  static final String TABLE = "vigil_bench.bench_baseline_message";
  private static final String INSERT =
      "INSERT INTO " + TABLE + " (control_id, received_at, message) VALUES (?, ?, ?)";

  private final HapiContext context;
  private final HL7Service server;
  private final ExecutorService executor;
  private final HikariDataSource dataSource;
  private final int port;

  private BaselineMllpReceiver(
      HapiContext context,
      HL7Service server,
      ExecutorService executor,
      HikariDataSource dataSource,
      int port) {
    this.context = context;
    this.server = server;
    this.executor = executor;
    this.dataSource = dataSource;
    this.port = port;
  }

  /**
   * Creates the table (dropping a previous run's) and starts listening.
   *
   * @param port TCP port on the loopback interface; {@code 0} picks a free one (see {@link
   *     #port()})
   * @param poolSize JDBC connections; fewer than the client connections makes them queue
   */
  public static BaselineMllpReceiver start(
      String jdbcUrl, String user, String password, int port, int poolSize) throws Exception {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(jdbcUrl);
    hikari.setUsername(user);
    hikari.setPassword(password);
    hikari.setMaximumPoolSize(poolSize);
    hikari.setMinimumIdle(poolSize);
    hikari.setAutoCommit(false);
    hikari.setPoolName("bench-baseline");
    HikariDataSource dataSource = new HikariDataSource(hikari);
    ExecutorService executor = null;
    HapiContext context = null;
    try {
      createTable(dataSource);
      executor = Executors.newCachedThreadPool(daemonThreads());
      context = new DefaultHapiContext();
      context.setExecutorService(executor);
      // The default generator persists a counter in ./id_file.
      context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
      BindCapturingSocketFactory sockets = new BindCapturingSocketFactory();
      context.setSocketFactory(sockets);
      HL7Service server = context.newServer(port, false);
      server.registerApplication("*", "*", new InsertAndAck(dataSource));
      server.startAndWait();
      int bound = sockets.boundPort.get(10, TimeUnit.SECONDS);
      LOG.info("baseline MLLP receiver listening [port: {}, pool: {}]", bound, poolSize);
      return new BaselineMllpReceiver(context, server, executor, dataSource, bound);
    } catch (Exception e) {
      closeAll(context, executor, dataSource);
      throw e;
    }
  }

  /** The port actually bound. */
  public int port() {
    return port;
  }

  /** Rows committed so far. */
  public long committedRows() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + TABLE)) {
      rs.next();
      long rows = rs.getLong(1);
      c.commit();
      return rows;
    }
  }

  @Override
  public void close() {
    server.stopAndWait();
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS vigil_bench CASCADE");
      c.commit();
    } catch (SQLException e) {
      LOG.warn("could not drop the baseline schema [cause: {}]", e.toString());
    }
    closeAll(context, executor, dataSource);
  }

  private static void closeAll(
      HapiContext context, ExecutorService executor, HikariDataSource dataSource) {
    if (context != null) {
      try {
        context.close();
      } catch (IOException e) {
        LOG.debug("closing HAPI context failed", e);
      }
    }
    if (executor != null) {
      executor.shutdownNow();
    }
    dataSource.close();
  }

  private static void createTable(HikariDataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA IF NOT EXISTS vigil_bench");
      st.execute("DROP TABLE IF EXISTS " + TABLE);
      st.execute(
          "CREATE TABLE "
              + TABLE
              + " (id bigserial PRIMARY KEY, control_id text NOT NULL,"
              + " received_at timestamptz NOT NULL, message text NOT NULL)");
      c.commit();
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "baseline-mllp-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Stores the received text in its own transaction, then acknowledges. */
  private static final class InsertAndAck implements ReceivingApplication<Message> {
    private final HikariDataSource dataSource;

    InsertAndAck(HikariDataSource dataSource) {
      this.dataSource = dataSource;
    }

    @Override
    public Message processMessage(Message message, Map<String, Object> metadata)
        throws ReceivingApplicationException, HL7Exception {
      Object raw = metadata.get(ApplicationRouterImpl.RAW_MESSAGE_KEY);
      Object controlId = metadata.get(ApplicationRouter.METADATA_KEY_MESSAGE_CONTROL_ID);
      try (Connection c = dataSource.getConnection();
          PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setString(1, controlId == null ? "" : controlId.toString());
        ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
        ps.setString(3, raw == null ? message.encode() : raw.toString());
        ps.executeUpdate();
        c.commit();
      } catch (SQLException e) {
        // HAPI turns this into an AE acknowledgement: never AA without a commit.
        throw new ReceivingApplicationException(e);
      }
      try {
        return message.generateACK();
      } catch (IOException e) {
        throw new HL7Exception(e);
      }
    }

    @Override
    public boolean canProcess(Message message) {
      return true;
    }
  }

  /** HAPI binds its own server socket and hides it; this reports the port it got (for port 0). */
  private static final class BindCapturingSocketFactory extends StandardSocketFactory {
    final CompletableFuture<Integer> boundPort = new CompletableFuture<>();

    @Override
    public ServerSocket createServerSocket() throws IOException {
      return new ServerSocket() {
        @Override
        public void bind(SocketAddress endpoint, int backlog) throws IOException {
          try {
            // Loopback only: a benchmark has no business listening on every interface.
            int port = ((InetSocketAddress) endpoint).getPort();
            super.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), backlog);
            boundPort.complete(getLocalPort());
          } catch (IOException | RuntimeException e) {
            boundPort.completeExceptionally(e);
            throw e;
          }
        }
      };
    }
  }
}
