package io.vigil.ingest.ack;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden pairs under {@code src/test/resources/hl7v2/<type>/}: each {@code <case>.hl7} is examined
 * and acknowledged (stored = true, fixed clock, fixed ack control id) and the ACK must equal {@code
 * <case>.ack.hl7}. Both files are stored with LF line ends for readable diffs; the input goes
 * through the decoder (which normalises LF to CR) and the expected ACK's LFs are turned into the
 * CRs the writer emits. The expected file holds what MLLP sends, in order: in enhanced mode the
 * accept acknowledgement (MSH-15) and the application acknowledgement (MSH-16) when asked for; an
 * empty {@code .ack.hl7} means none is sent.
 *
 * <p>To regenerate after a deliberate change, run with {@code -Dvigil.golden.update=true} and
 * review the diff.
 */
class GoldenAckTest {

  static final Instant NOW = Instant.parse("2026-11-22T15:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String ACK_ID = "VIGIL-ACK-0001";
  static final String APPLICATION_ACK_ID = "VIGIL-ACK-0002";
  static final Hl7v2Examiner EXAMINER = new Hl7v2Examiner(CLOCK);
  static final AckWriter WRITER = new AckWriter(CLOCK);

  static Stream<Path> cases() throws IOException, URISyntaxException {
    Path root = Paths.get(GoldenAckTest.class.getResource("/hl7v2").toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .filter(p -> p.toString().endsWith(".hl7") && !p.toString().endsWith(".ack.hl7"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void acknowledgesAsRecorded(Path input) throws IOException {
    Examination exam = EXAMINER.examine(Files.readAllBytes(input));
    Acknowledgements acks =
        WRITER.acknowledgements(
            exam.header(),
            exam.disposition(),
            true,
            AckPolicy.findingsFor(exam, true),
            ACK_ID,
            () -> APPLICATION_ACK_ID);
    String ack = String.join("", acks.toSend()); // what MSH-15/16 ask for, in order

    String name = input.getFileName().toString().replace(".hl7", ".ack.hl7");
    Path expectedFile = input.resolveSibling(name);
    if (Boolean.getBoolean("vigil.golden.update")) {
      Path source =
          Paths.get("src/test/resources/hl7v2")
              .resolve(input.getParent().getFileName())
              .resolve(name);
      Files.writeString(source, ack.replace('\r', '\n'), StandardCharsets.UTF_8);
      return;
    }
    assertThat(expectedFile).as("golden ACK for %s", input.getFileName()).exists();
    String expected =
        Files.readString(expectedFile, StandardCharsets.UTF_8)
            .replace("\r\n", "\n")
            .replace('\n', '\r');
    assertThat(ack).isEqualTo(expected);
  }
}
