package io.vigil.analytics.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.Connection;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.junit.jupiter.api.Test;

class RestartableJdbcSinkTest {
  @Test
  void closeAfterAFailedFlushDoesNotThrowAndClosesTheConnection() {
    FailingWriter jdbc = new FailingWriter();
    Provider connection = new Provider();
    RestartableJdbcSink.Writer<String> writer =
        new RestartableJdbcSink.Writer<>("trend_daily", jdbc, connection);

    // The failure itself still fails the task, so Flink restarts the job.
    assertThatThrownBy(() -> writer.flush(false)).isInstanceOf(IOException.class);
    // Its second throw from close() would be fatal to the TaskManager.
    assertThatCode(writer::close).doesNotThrowAnyException();
    assertThat(jdbc.closed).isTrue();
    assertThat(connection.closed).isTrue();
  }

  @Test
  void aCleanCloseLeavesTheConnectionToTheJdbcWriter() throws Exception {
    FailingWriter jdbc = new FailingWriter();
    jdbc.failing = false;
    Provider connection = new Provider();
    RestartableJdbcSink.Writer<String> writer =
        new RestartableJdbcSink.Writer<>("trend_daily", jdbc, connection);

    writer.write("row", null);
    writer.flush(true);
    writer.close();

    assertThat(jdbc.written).isEqualTo(1);
    assertThat(jdbc.closed).isTrue();
    assertThat(connection.closed).isFalse();
  }

  /** Fails as the JDBC writer does while PostgreSQL refuses writes: on flush and again on close. */
  private static final class FailingWriter
      implements StatefulSinkWriter<String, JdbcWriterState>,
          CommittingSinkWriter<String, JdbcCommitable> {
    boolean failing = true;
    boolean closed;
    int written;

    @Override
    public void write(String element, Context context) {
      written++;
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      if (failing) {
        throw new IOException("cannot execute INSERT in a read-only transaction");
      }
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) {
      return List.of();
    }

    @Override
    public Collection<JdbcCommitable> prepareCommit() {
      return List.of();
    }

    @Override
    public void close() {
      closed = true;
      if (failing) {
        throw new RuntimeException(
            "Writing records to JDBC failed.",
            new IOException("cannot execute INSERT in a read-only transaction"));
      }
    }
  }

  private static final class Provider implements JdbcConnectionProvider {
    private static final long serialVersionUID = 1L;
    boolean closed;

    @Override
    public Connection getConnection() {
      return null;
    }

    @Override
    public boolean isConnectionValid() {
      return !closed;
    }

    @Override
    public Connection getOrEstablishConnection() {
      return null;
    }

    @Override
    public void closeConnection() {
      closed = true;
    }

    @Override
    public Connection reestablishConnection() {
      return null;
    }
  }
}
