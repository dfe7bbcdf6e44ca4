package io.vigil.ingest.intake;

import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the examination path on the CPU threads with a bundled sample ELR before traffic arrives, so
 * HAPI's class loading and the first JIT passes do not land on the first senders' ACKs.
 */
final class ExaminationWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(Hl7v2Intake.class);
  private static final String SAMPLE = "/io/vigil/ingest/hl7v2-warmup-oru.hl7";

  private ExaminationWarmUp() {}

  static void run(Hl7v2Examiner examiner, Executor cpu, int messagesPerThread, int threads) {
    byte[] sample;
    try (InputStream in = ExaminationWarmUp.class.getResourceAsStream(SAMPLE)) {
      sample = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      LOG.warn("no warm-up sample on the classpath; skipping warm-up");
      return;
    }
    long start = System.nanoTime();
    CompletableFuture<?>[] runs = new CompletableFuture<?>[threads];
    for (int t = 0; t < threads; t++) {
      runs[t] =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < messagesPerThread; i++) {
                  examiner.examine(sample);
                }
              },
              cpu);
    }
    CompletableFuture.allOf(runs).join();
    LOG.info(
        "examination path warmed up [messages: {}, ms: {}]",
        messagesPerThread * threads,
        (System.nanoTime() - start) / 1_000_000);
  }
}
