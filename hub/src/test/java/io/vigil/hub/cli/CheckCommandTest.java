package io.vigil.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.hub.it.TestMessages;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int check(String... args) {
    CommandLine cli = VigilCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "check";
    System.arraycopy(args, 0, all, 1, args.length);
    return cli.execute(all);
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.write(p, text.getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  void acceptedSamplesExitZero() throws Exception {
    Path file = write("lab/good.hl7", "\n" + TestMessages.elr("05D0000001", "GOOD-1"));

    assertThat(check(file.toString())).isEqualTo(0);
    assertThat(out.toString())
        .contains("good.hl7: GOOD-1 ORU^R01 -> AA (accepted)")
        .contains("1 message in 1 file: 1 AA, 0 AE, 0 AR");
  }

  @Test
  void reportsEachMessageOfADirectoryWithItsFindingsAndExitsOne() throws Exception {
    String good = TestMessages.elr("05D0000001", "GOOD-2");
    String badLoinc = TestMessages.elr("05D0000001", "BAD-LOINC").replace("94500-6", "94500-5");
    String oldVersion = TestMessages.elr("05D0000001", "OLD").replace("|P|2.5.1|", "|P|2.3.1|");
    write("feed/a.hl7", good + badLoinc.replace('\r', '\n'));
    write("feed/b.hl7", oldVersion);
    write("feed/.hidden/c.hl7", good);
    write("feed/README.md", "Samples from the lab's validation run");

    assertThat(check(dir.resolve("feed").toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("a.hl7 #1: GOOD-2 ORU^R01 -> AA")
        .contains("a.hl7 #2: BAD-LOINC ORU^R01 -> AE")
        .contains("  E OBR4_LOINC_CHECK_DIGIT OBR(1)-4: ")
        .contains("b.hl7: OLD ORU^R01 -> AR")
        .contains("  E MSH12_UNSUPPORTED_VERSION MSH-12: ")
        .contains("3 messages in 2 files: 1 AA, 1 AE, 1 AR")
        .doesNotContain("c.hl7")
        .doesNotContain("README");
  }

  @Test
  void saysWhenABatchTrailerCountsOtherThanTheFileHolds() throws Exception {
    Path file =
        write(
            "batch.hl7",
            "BHS|^~\\&|LabFlow|05D0000001\r" + TestMessages.elr("05D0000001", "B-1") + "\rBTS|4\r");

    assertThat(check(file.toString())).isEqualTo(0);
    assertThat(out.toString())
        .contains("batch.hl7: BTS-1 declares 4 messages but the file holds 1");
  }

  @Test
  void printsJsonLinesAndTheAcknowledgementsOnRequest() throws Exception {
    Path file =
        write("x.hl7", TestMessages.elr("05D0000001", "JSON-1").replace("94500-6", "94500-5"));

    assertThat(check("--json", "--ack", file.toString())).isEqualTo(1);
    JsonObject line = new JsonObject(out.toString().strip());
    assertThat(line.getString("controlId")).isEqualTo("JSON-1");
    assertThat(line.getString("ack")).isEqualTo("AE");
    assertThat(line.getJsonArray("findings").getJsonObject(0).getString("code"))
        .isEqualTo("OBR4_LOINC_CHECK_DIGIT");
    assertThat(line.getJsonArray("acknowledgements").getString(0)).contains("MSA|AE|JSON-1");
  }

  private static String withAckTypes(String message, String msh15, String msh16) {
    return message.replace("|P|2.5.1|||||USA|", "|P|2.5.1|||" + msh15 + "|" + msh16 + "|USA|");
  }

  /** --ack shows what HTTP and MLLP (always-answer, the default) send, not what MSH-15/16 ask. */
  @Test
  void printsTheAcknowledgementTheHubSendsOnTheWire() throws Exception {
    // ELR's NE/NE with a content error: the hub answers one CA carrying the error, with 422.
    Path noAck =
        write(
            "ne.hl7",
            withAckTypes(
                TestMessages.elr("05D0000001", "NE-1").replace("94500-6", "94500-5"), "NE", "NE"));
    assertThat(check("--ack", noAck.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains(
            "ne.hl7: NE-1 ORU^R01 -> AE (stored but not used: fix the errors and send it again);"
                + " answered CA (MSH-15/16: enhanced acknowledgement mode)")
        .contains("  MLLP/HTTP answer (HTTP 422):")
        .contains("  | MSA|CA|NE-1")
        .containsPattern("  \\| ERR\\|[^\n]*OBR4_LOINC_CHECK_DIGIT")
        .doesNotContain("MSH-15/16 ask for");

    // AL/AL with an error: one AE on the wire; the strict set is the CA and the AE.
    out.getBuffer().setLength(0);
    Path both =
        write(
            "al.hl7",
            withAckTypes(
                TestMessages.elr("05D0000001", "AL-1").replace("94500-6", "94500-5"), "AL", "AL"));
    assertThat(check("--ack", both.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("al.hl7: AL-1 ORU^R01 -> AE (stored but not used")
        .doesNotContain("answered")
        .contains("  MLLP/HTTP answer (HTTP 422):")
        .contains("  | MSA|AE|AL-1")
        .doesNotContain("MSA|CA");
    out.getBuffer().setLength(0);
    assertThat(check("--ack-strict", both.toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("  MSH-15/16 ask for 2 acknowledgement(s) (MLLP with mllp.always-answer=off):")
        .contains("  | MSA|CA|AL-1")
        .contains("  | MSA|AE|AL-1")
        .doesNotContain("MLLP/HTTP answer");

    // NE/NE and clean: the hub still answers a CA (200); MSH-15/16 ask for nothing.
    out.getBuffer().setLength(0);
    Path clean =
        write("clean.hl7", withAckTypes(TestMessages.elr("05D0000001", "NE-2"), "NE", "NE"));
    assertThat(check("--ack", "--ack-strict", clean.toString())).isZero();
    assertThat(out.toString())
        .contains("clean.hl7: NE-2 ORU^R01 -> AA (accepted); answered CA")
        .contains("  MSH-15/16 ask for no acknowledgement (MLLP with mllp.always-answer=off):")
        .contains("  MLLP/HTTP answer (HTTP 200):")
        .contains("  | MSA|CA|NE-2");
  }

  @Test
  void printsTheBatchAcknowledgementForABatchFile() throws Exception {
    Path file =
        write(
            "batch.hl7",
            "FHS|^~\\&|LabFlow|05D0000001|||20250310||||F-1\rBHS|^~\\&|LabFlow|05D0000001|||20250310"
                + "||||B-1\r"
                + TestMessages.elr("05D0000001", "BA-1")
                + "\r"
                + TestMessages.elr("05D0000001", "BA-2").replace("94500-6", "94500-5")
                + "\rBTS|2\rFTS|1\r");

    assertThat(check("--ack", file.toString())).isEqualTo(1);
    String printed = out.toString();
    assertThat(printed)
        .contains("batch.hl7 #1: BA-1 ORU^R01 -> AA")
        .contains("batch.hl7 #2: BA-2 ORU^R01 -> AE")
        .contains("  MLLP/HTTP batch answer (HTTP 200):")
        .containsPattern("  \\| FHS\\|[^\n]*\\|F-1\n")
        .containsPattern("  \\| BHS\\|[^\n]*\\|B-1\n")
        .contains("  | MSA|AA|BA-1")
        .contains("  | MSA|AE|BA-2")
        .contains("  | BTS|2")
        .contains("  | FTS|1")
        .doesNotContain("MLLP/HTTP answer (");
    // One batch answer for the file, after its last message.
    assertThat(printed.indexOf("batch answer")).isGreaterThan(printed.indexOf("#2: BA-2"));
    assertThat(printed.indexOf("batch answer")).isEqualTo(printed.lastIndexOf("batch answer"));
  }

  private static String fhir(String name) throws Exception {
    try (InputStream in = CheckCommandTest.class.getResourceAsStream("/fhir/" + name + ".json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void examinesFhirBundlesAsTheHubWouldAnswerThem() throws Exception {
    write("fhir/message.json", "\uFEFF\n" + fhir("lab_message"));
    write("fhir/transaction.txt", fhir("lab_transaction"));
    write("fhir/bad.json", fhir("bad_loinc_check_digit"));
    write("fhir/patient.json", fhir("not_a_bundle"));

    assertThat(check(dir.resolve("fhir").toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("message.json: urn:oid:2.16.840.1.113883.3.1234.1|LAB20261120-0001")
        .contains(" Bundle/message ($process-message) -> 200 AA (accepted)")
        .contains(" Bundle/transaction (POST Bundle) -> 201 AA (accepted)")
        .contains(" Bundle/message ($process-message) -> 422 AE")
        .contains("  E OBSERVATION_CODE_LOINC_CHECK_DIGIT Bundle.entry[5].resource.code: ")
        .contains("patient.json: (no Bundle.identifier) (POST Bundle) -> 400 AR")
        .contains("  E NOT_A_BUNDLE: ")
        .contains("4 messages in 4 files: 2 AA, 1 AE, 1 AR");
  }

  @Test
  void printsAFhirVerdictAsJson() throws Exception {
    Path file = write("bad.json", fhir("bad_loinc_check_digit"));

    assertThat(check("--json", file.toString())).isEqualTo(1);
    JsonObject line = new JsonObject(out.toString().strip());
    assertThat(line.getString("format")).isEqualTo("fhir");
    assertThat(line.getString("operation")).isEqualTo("$process-message");
    assertThat(line.getString("ack")).isEqualTo("AE");
    assertThat(line.getInteger("httpStatus")).isEqualTo(422);
    assertThat(line.getJsonArray("findings").getJsonObject(0).getString("code"))
        .isEqualTo("OBSERVATION_CODE_LOINC_CHECK_DIGIT");
  }

  @Test
  void takesMessagesNamingNoSenderAsFromTheSenderGivenAndOnlyThen() throws Exception {
    write("iz/unnamed.hl7", TestMessages.vxu("", "IZ-NO-MSH4"));
    JsonObject bundle = new JsonObject(fhir("lab_message"));
    for (Object e : bundle.getJsonArray("entry")) {
      JsonObject resource = ((JsonObject) e).getJsonObject("resource");
      if ("Organization".equals(resource.getString("resourceType"))) {
        resource.remove("identifier"); // the sending lab's CLIA
      }
    }
    write("iz/unnamed.json", bundle.encode());

    // As over a connection that names no sender (dev-mode MLLP): errors.
    assertThat(check(dir.resolve("iz").toString())).isEqualTo(1);
    assertThat(out.toString())
        .contains("unnamed.hl7: IZ-NO-MSH4 VXU^V04 -> AE")
        .contains("  E MSH4_MISSING MSH-4: ")
        .contains(" -> 422 AE")
        .contains("  E SENDER_MISSING ");

    // As from a sender whose token or certificate is bound to it: warnings.
    out.getBuffer().setLength(0);
    assertThat(check("--sender", "05D0000001", dir.resolve("iz").toString())).isEqualTo(0);
    assertThat(out.toString())
        .contains("unnamed.hl7: IZ-NO-MSH4 VXU^V04 -> AA")
        .contains("  W MSH4_MISSING MSH-4: ")
        .contains(" -> 200 AA")
        .contains("  W SENDER_MISSING ");
  }

  @Test
  void listsTheEventsEachMessageWouldAddToTheTrends() throws Exception {
    String covid = TestMessages.elr("05D0000001", "EV-1");
    write("ev/1-covid.hl7", covid);
    // Glucose is no reportable condition: accepted, and nothing of it reaches the trends.
    write(
        "ev/2-glucose.hl7",
        TestMessages.elr("05D0000001", "EV-2")
            .replace("94500-6^SARS-CoV-2 RNA NAA+probe Ql (Resp)^LN", "2345-7^Glucose^LN"));
    write("ev/3-dose.hl7", TestMessages.vxu("05D0000001", "EV-3"));
    write("ev/4-bad.hl7", covid.replace("EV-1", "EV-4").replace("94500-6", "94500-5"));

    assertThat(check("--events", "--zone", "America/Chicago", dir.resolve("ev").toString()))
        .isEqualTo(1);
    String text = out.toString();
    assertThat(text)
        .containsPattern(
            "1-covid.hl7: EV-1 ORU\\^R01 -> AA \\(accepted\\)\n  event lab_result condition=\\S+"
                + " test=94500-6 outcome=\\S+ status=final day=2025-03-09 age=\\S+ sex=F state=17"
                + " county=17167 zip3=627 person=[0-9a-f]{8}( \\(not counted: .*\\))?\n")
        .containsPattern("2-glucose.hl7: EV-2 ORU\\^R01 -> AA \\(accepted\\)\n  no events: ")
        .containsPattern(
            "3-dose.hl7: EV-3 VXU\\^V04 -> AA \\(accepted\\)\n  event immunization vaccine=208"
                + " group=\\S+ day=2025-03-10 age=\\S+ sex=U state=55 ")
        .containsPattern("4-bad.hl7: EV-4 ORU\\^R01 -> AE .*\n(  E .*\n)+  no events: ");

    // A dose given years before the message (a full history): the analytics do not count it.
    out.getBuffer().setLength(0);
    write(
        "old/dose.hl7", TestMessages.vxu("05D0000001", "EV-5").replace("|20250310|", "|20150310|"));
    assertThat(check("--events", dir.resolve("old").toString())).isZero();
    assertThat(out.toString())
        .contains("day=2015-03-10")
        .contains("(not counted: its day is more than 701 days before receipt");

    out.getBuffer().setLength(0);
    assertThat(check("--events", "--json", dir.resolve("ev/1-covid.hl7").toString())).isZero();
    JsonObject event =
        new JsonObject(out.toString().strip()).getJsonArray("events").getJsonObject(0);
    assertThat(event.getString("kind")).isEqualTo("lab_result");
    assertThat(event.getString("testCode")).isEqualTo("94500-6");
    assertThat(event.getString("ageBand")).isEqualTo("18-49");
    assertThat(event.getString("personKey")).hasSize(64);
  }

  /** A training message counts by default, as in dev; as production counts, it does not. */
  @Test
  void countsTheProcessingIdsAsked() throws Exception {
    Path training =
        write(
            "t/training.hl7",
            TestMessages.elr("05D0000001", "TRAIN-1").replace("|TRAIN-1|P|", "|TRAIN-1|T|"));

    assertThat(check("--events", training.toString())).isZero();
    assertThat(out.toString()).contains("  event lab_result ").doesNotContain("NOT_COUNTED");
    out.getBuffer().setLength(0);
    assertThat(check("--events", "--processing-ids", "P", training.toString())).isZero();
    assertThat(out.toString())
        .doesNotContain("  event ")
        .contains("  I PROCESSING_ID_NOT_COUNTED MSH-11: Processing id 'T' (training or test)")
        .contains("  no events: ");
    // As the hub answers it: the acknowledgement carries it too, without --events.
    out.getBuffer().setLength(0);
    assertThat(check("--ack", "--processing-ids", "P", training.toString())).isZero();
    assertThat(out.toString()).containsPattern("ERR\\|[^\n]*PROCESSING_ID_NOT_COUNTED");
    assertThat(check("--events", "--processing-ids", "P,X", training.toString())).isEqualTo(2);
    assertThat(err.toString())
        .contains("--processing-ids: the processing ids counted are some of P, T and D");
  }

  @Test
  void aMissingFileIsExitStatusTwo() {
    assertThat(check(dir.resolve("nope.hl7").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("no such file or directory");
  }
}
