package io.vigil.ingest.intake;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an examination path (HL7 v2, FHIR) on the CPU threads with a bundled sample before traffic
 * arrives, so class loading and the first JIT passes do not land on the first senders' answers.
 */
public final class ExaminationWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(ExaminationWarmUp.class);

  private ExaminationWarmUp() {}

  /**
   * @param format what is warmed up, for the log line ({@code HL7 v2}, {@code FHIR})
   * @param sampleResource the sample's class-path resource
   * @param examine examines one copy of the sample
   */
  public static void run(
      String format,
      String sampleResource,
      Consumer<byte[]> examine,
      Executor cpu,
      int perThread,
      int threads) {
    byte[] sample;
    try (InputStream in = ExaminationWarmUp.class.getResourceAsStream(sampleResource)) {
      sample = in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      LOG.warn("no {} warm-up sample on the classpath; skipping warm-up", format);
      return;
    }
    long start = System.nanoTime();
    CompletableFuture<?>[] runs = new CompletableFuture<?>[threads];
    for (int t = 0; t < threads; t++) {
      runs[t] =
          CompletableFuture.runAsync(
              () -> {
                for (int i = 0; i < perThread; i++) {
                  examine.accept(sample);
                }
              },
              cpu);
    }
    CompletableFuture.allOf(runs).join();
    LOG.info(
        "{} examination path warmed up [messages: {}, ms: {}]",
        format,
        perThread * threads,
        (System.nanoTime() - start) / 1_000_000);
  }
}
