package io.vigil.analytics.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link JdbcSink} whose writer does not throw from {@code close()}. The JDBC writer's close()
 * flushes the rows it still holds and rethrows the failure when the database refuses them; Flink
 * closes the writer while it handles the task's first failure, and an exception there is fatal to
 * the whole TaskManager (ops6 #5: the MiniCluster's only TaskManager died and the job never ran
 * again). Here close() logs instead and closes the connection the JDBC writer leaves open on that
 * path, so the task fails normally and Flink restarts the job from its last checkpoint. No row is
 * lost: rows not yet written are after that checkpoint (every checkpoint flushes the sink) and are
 * computed and written again after the restore. Writer state and committer are the JDBC sink's, so
 * the operators and their checkpointed state are the same as before.
 */
final class RestartableJdbcSink<T>
    implements Sink<T>, SupportsWriterState<T, JdbcWriterState>, SupportsCommitter<JdbcCommitable> {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RestartableJdbcSink.class);

  private final String table;
  private final JdbcSink<T> sink;
  // The same instance as inside sink (one serialized graph), so each writer closes its own.
  private final JdbcConnectionProvider connection;

  RestartableJdbcSink(String table, JdbcSink<T> sink, JdbcConnectionProvider connection) {
    this.table = table;
    this.sink = sink;
    this.connection = connection;
  }

  @Override
  public Writer<T> createWriter(WriterInitContext context) throws IOException {
    return new Writer<>(table, sink.createWriter(context), connection);
  }

  @Override
  public Writer<T> restoreWriter(
      WriterInitContext context, Collection<JdbcWriterState> recoveredState) throws IOException {
    return new Writer<>(table, sink.restoreWriter(context, recoveredState), connection);
  }

  @Override
  public SimpleVersionedSerializer<JdbcWriterState> getWriterStateSerializer() {
    return sink.getWriterStateSerializer();
  }

  @Override
  public Committer<JdbcCommitable> createCommitter(CommitterInitContext context)
      throws IOException {
    return sink.createCommitter(context);
  }

  @Override
  public SimpleVersionedSerializer<JdbcCommitable> getCommittableSerializer() {
    return sink.getCommittableSerializer();
  }

  /** Delegates to the JDBC writer; only close() differs. */
  static final class Writer<T>
      implements StatefulSinkWriter<T, JdbcWriterState>, CommittingSinkWriter<T, JdbcCommitable> {
    private final String table;
    private final StatefulSinkWriter<T, JdbcWriterState> state;
    private final CommittingSinkWriter<T, JdbcCommitable> commits;
    private final JdbcConnectionProvider connection;

    <W extends StatefulSinkWriter<T, JdbcWriterState> & CommittingSinkWriter<T, JdbcCommitable>>
        Writer(String table, W writer, JdbcConnectionProvider connection) {
      this.table = table;
      this.state = writer;
      this.commits = writer;
      this.connection = connection;
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
      state.write(element, context);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
      state.flush(endOfInput);
    }

    @Override
    public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
      state.writeWatermark(watermark);
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) throws IOException {
      return state.snapshotState(checkpointId);
    }

    @Override
    public Collection<JdbcCommitable> prepareCommit() throws IOException, InterruptedException {
      return commits.prepareCommit();
    }

    @Override
    public void close() {
      try {
        state.close();
      } catch (Exception e) {
        // Only while the task is failing or cancelled: a normal end flushes before close().
        LOG.warn(
            "analytics sink closed with rows not written; the job writes them again after its"
                + " restore [table: {}, error: {}]",
            table,
            rootMessage(e));
        connection.closeConnection();
      }
    }

    private static String rootMessage(Throwable e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
  }
}
