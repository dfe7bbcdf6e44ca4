package io.vigil.hub.cli;

import io.vigil.events.DeidentifiedEvent;
import io.vigil.ingest.ack.AckCode;
import io.vigil.ingest.ack.AckPolicy;
import io.vigil.ingest.ack.AckWriter;
import io.vigil.ingest.ack.Acknowledgements;
import io.vigil.ingest.canonical.CanonicalReport;
import io.vigil.ingest.deid.DeidConfig;
import io.vigil.ingest.deid.Deidentifier;
import io.vigil.ingest.fhir.FhirExamination;
import io.vigil.ingest.fhir.FhirExaminer;
import io.vigil.ingest.fhir.FhirIntake;
import io.vigil.ingest.fhir.FhirOperation;
import io.vigil.ingest.fhir.FhirReportMapper;
import io.vigil.ingest.fhir.FhirValidator;
import io.vigil.ingest.fhir.ProfileValidation;
import io.vigil.ingest.hl7v2.Disposition;
import io.vigil.ingest.hl7v2.Examination;
import io.vigil.ingest.hl7v2.Hl7v2Examiner;
import io.vigil.ingest.hl7v2.RawBatch;
import io.vigil.ingest.http.Hl7v2HttpStatus;
import io.vigil.ingest.intake.BatchIntake;
import io.vigil.ingest.intake.Hl7v2Intake;
import io.vigil.ingest.intake.UnidentifiedSender;
import io.vigil.ingest.validation.CvxTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil check}: examines HL7 v2 message files and FHIR R4 Bundles offline, with the hub's own
 * examiners, so a sender's sample feed can be reviewed before it goes live (onboarding) without a
 * running hub or a database. A file is FHIR when its content starts with {@code {} (JSON) or {@code
 * <} (XML, which the hub refuses), whatever its name. What it cannot know offline: whether the
 * sending facility is registered (and, with {@code --sender}, whether MSH-4 is one of that sender's
 * facilities), its rate limit and its allowed message kinds. With {@code --events} it also lists
 * the de-identified events each message would add to the trends (what an epidemiologist will see
 * of the feed), under a person-key secret made up for the run.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Examine HL7 v2 message files and FHIR R4 Bundles offline, as the hub would (no hub, no"
          + " database): each message's acknowledgement code (and, for FHIR, HTTP status) and"
          + " findings (docs/findings.md).",
      "Exit 0 every message would be accepted (AA), 1 any would not (AE/AR), 2 usage or I/O."
    })
final class CheckCommand implements Callable<Integer> {

  @Parameters(
      arity = "1..*",
      paramLabel = "FILE|DIR",
      description =
          "message files (one HL7 v2 message, an FHS/BHS batch, messages back to back, or a FHIR"
              + " Bundle in JSON); a directory is read file by file, recursively: the files"
              + " --include matches, hidden ones skipped")
  List<Path> paths;

  @Option(
      names = "--include",
      defaultValue = "*.{hl7,HL7,er7,ER7,txt,TXT,msg,MSG,json,JSON}",
      description = "file name glob for files found in directories (default: ${DEFAULT-VALUE})")
  String include;

  @Option(names = "--json", description = "one JSON object per line and message instead of text")
  boolean json;

  @Option(
      names = "--ack",
      description =
          "also print the HL7 v2 acknowledgement the hub sends on the wire: the one answer of"
              + " HTTP and of MLLP (mllp.always-answer=on, the default), with the HTTP status;"
              + " for a batch file, the batch acknowledgement")
  boolean ack;

  @Option(
      names = "--ack-strict",
      description =
          "also print, per message, exactly the acknowledgements MSH-15/16 ask for (none, one or"
              + " two: what MLLP sends with mllp.always-answer=off)")
  boolean ackStrict;

  @Option(
      names = "--sender",
      paramLabel = "FACILITY",
      description =
          "examine as if sent with credentials (a token or client certificate) bound to the sender"
              + " registered under this facility id: an immunization message without MSH-4, or a"
              + " FHIR Bundle naming no sending facility, is then taken as from it (a warning)."
              + " Without it, as over a connection that names no sender (an error)")
  String sender;

  @Option(
      names = "--events",
      description =
          "also list the de-identified events each message would add to the trends (condition,"
              + " test, outcome, vaccine group, day, age band, sex, jurisdiction), or that it adds"
              + " none: a result of no reportable condition, a pending result, a dose not given."
              + " Person keys come from a secret made up for this run: equal within the run only")
  boolean events;

  @Option(
      names = "--conditions",
      paramLabel = "FILE",
      description =
          "with --events: the reportable-condition value set the hub is configured with"
              + " (deid.conditions-file), instead of the bundled one")
  Path conditions;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "with --events: the time zone events are dated in (deid.zone; default ${DEFAULT-VALUE})")
  ZoneId zone;

  @Option(
      names = "--processing-ids",
      paramLabel = "IDS",
      defaultValue = "P,T,D",
      description =
          "the MSH-11 processing ids counted (deid.processing-ids; default all, so a test"
              + " message shows what it would count; `start` counts P only): a message it leaves"
              + " out is told so (I PROCESSING_ID_NOT_COUNTED), as the hub tells it")
  String processingIdList;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Set<String> processingIds;
    try {
      processingIds = DeidConfig.processingIds(processingIdList);
    } catch (IllegalArgumentException e) {
      err.println("vigil check: --processing-ids: " + e.getMessage());
      return 2;
    }
    List<Path> files = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.exists(p)) {
        err.println("vigil check: no such file or directory: " + p);
        return 2;
      }
      try {
        files.addAll(expand(p, FileSystems.getDefault().getPathMatcher("glob:" + include)));
      } catch (IOException e) {
        err.println("vigil check: cannot read " + p + ": " + e.getMessage());
        return 2;
      }
    }
    Clock clock = Clock.systemUTC();
    FhirExaminer fhir =
        new FhirExaminer(
            new FhirValidator(CvxTable.bundled()),
            new FhirReportMapper(),
            ProfileValidation.off(),
            clock);
    AckWriter writer = new AckWriter(clock);
    // Built also without --events: it says which processing ids are counted.
    Deidentifier deid;
    try {
      deid = deidentifier(processingIds);
    } catch (IOException | RuntimeException e) {
      err.println("vigil check: cannot read the condition value set " + conditions + ": " + e);
      return 2;
    }
    Hl7v2Examiner examiner = new Hl7v2Examiner(clock, deid.conditions());
    VerdictLines verdicts = new VerdictLines(out, json);
    Map<AckCode, Integer> counts = new EnumMap<>(AckCode.class);
    int failures = 0;
    for (Path file : files) {
      byte[] raw;
      try {
        raw = Files.readAllBytes(file);
      } catch (IOException e) {
        err.println("vigil check: cannot read " + file + ": " + e.getMessage());
        return 2;
      }
      if (isFhir(raw)) {
        FhirExamination exam =
            FhirIntake.toldIfNotCounted(examineFhir(fhir, raw, sender == null ? "" : sender), deid);
        AckCode code = verdict(exam.disposition());
        counts.merge(code, 1, Integer::sum);
        if (code != AckCode.AA) {
          failures++;
        }
        verdicts.fhir(
            file,
            exam,
            code,
            derive(
                events ? deid : null,
                exam.disposition() == Disposition.ACCEPT ? exam.report() : null));
        continue;
      }
      RawBatch sliced = RawBatch.isSingleMessage(raw) ? null : RawBatch.slice(raw);
      List<byte[]> messages = sliced == null ? List.of(raw) : sliced.messages();
      if (sliced != null && sliced.countMismatch() && !json) {
        out.printf(
            "%s: BTS-1 declares %d messages but the file holds %d%n",
            file, sliced.declaredCount(), messages.size());
      }
      if (messages.isEmpty()) {
        failures++;
        verdicts.noMessage(file);
        continue;
      }
      boolean several = sliced != null && BatchIntake.isSeveral(sliced);
      List<String> answers = new ArrayList<>(messages.size());
      for (int i = 0; i < messages.size(); i++) {
        Examination examined = examiner.examine(messages.get(i));
        Examination exam =
            toldIfNotCounted(sender == null ? UnidentifiedSender.refuse(examined) : examined, deid);
        AckCode code = verdict(exam.disposition());
        counts.merge(code, 1, Integer::sum);
        if (code != AckCode.AA) {
          failures++;
        }
        int index = i + 1;
        Acknowledgements a =
            writer.acknowledgements(
                exam.header(),
                exam.disposition(),
                true,
                AckPolicy.findingsFor(exam, true),
                "CHECK-" + (i + 1),
                () -> "CHECK-" + (messages.size() + index));
        answers.add(a.response());
        AckLines.Wire wire = null;
        if (ack && !several) {
          wire =
              new AckLines.Wire(
                  false,
                  Hl7v2HttpStatus.ofStored(a.responseCode(code), exam.disposition()),
                  a.response());
        } else if (ack && i == messages.size() - 1) {
          // The hub answers a batch (or messages back to back) with one batch acknowledgement.
          wire =
              new AckLines.Wire(true, 200, BatchIntake.ack(sliced, answers, "CHECK-BATCH", clock));
        }
        verdicts.hl7v2(
            file,
            messages.size(),
            i + 1,
            exam,
            code,
            a.responseCode(code),
            ackStrict ? a.toSend() : null,
            wire,
            derive(events ? deid : null, exam.report()));
      }
    }
    if (!json) {
      int total = counts.values().stream().mapToInt(Integer::intValue).sum();
      out.printf(
          "%d message%s in %d file%s: %d AA, %d AE, %d AR%n",
          total,
          total == 1 ? "" : "s",
          files.size(),
          files.size() == 1 ? "" : "s",
          counts.getOrDefault(AckCode.AA, 0),
          counts.getOrDefault(AckCode.AE, 0),
          counts.getOrDefault(AckCode.AR, 0));
    }
    out.flush();
    return failures == 0 ? 0 : 1;
  }

  /** As the hub tells a sender whose MSH-11 its {@code deid.processing-ids} leaves out. */
  private static Examination toldIfNotCounted(Examination exam, Deidentifier deid) {
    return new Examination(
        exam.decoded(),
        exam.header(),
        exam.messageType(),
        exam.disposition(),
        Hl7v2Intake.toldIfNotCounted(exam.findings(), exam.report(), deid),
        exam.report());
  }

  /** The policy as the hub runs it, but keyed with a secret that lives for this run only. */
  private Deidentifier deidentifier(Set<String> processingIds) throws IOException {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return Deidentifier.of(
        new DeidConfig(secret, zone, Optional.ofNullable(conditions), processingIds));
  }

  /**
   * The events the hub would derive from {@code report} (what an accepted message, or an
   * immunization message's doses without errors, lets be used), as if received now from sender 1;
   * null without {@code --events}, none where nothing is used.
   */
  private static List<DeidentifiedEvent> derive(
      Deidentifier deid, Optional<CanonicalReport> report) {
    if (deid == null) {
      return null;
    }
    return report == null
        ? List.of()
        : report.map(r -> deid.events(r, 1L, UUID.randomUUID(), Instant.now())).orElse(List.of());
  }

  /**
   * The application-level answer (original mode): in enhanced mode the hub answers the same verdict
   * as a commit acknowledgement and, when MSH-16 asks, an application one ({@code --ack}).
   */
  private static AckCode verdict(Disposition d) {
    return switch (d) {
      case ACCEPT -> AckCode.AA;
      case ERROR -> AckCode.AE;
      case REJECT -> AckCode.AR;
    };
  }

  /** FHIR JSON ({@code {}, or a list) or XML ({@code <}), after blanks and a byte-order mark. */
  static boolean isFhir(byte[] raw) {
    int i = raw.length >= 3 && (raw[0] & 0xff) == 0xEF && (raw[1] & 0xff) == 0xBB ? 3 : 0;
    while (i < raw.length && Character.isWhitespace(raw[i])) {
      i++;
    }
    return i < raw.length && (raw[i] == '{' || raw[i] == '[' || raw[i] == '<');
  }

  /** As the hub would: a message Bundle by {@code $process-message}, any other by {@code POST}. */
  private static FhirExamination examineFhir(FhirExaminer fhir, byte[] raw, String sender) {
    FhirExamination exam = fhir.examine(raw, FhirOperation.SUBMIT_BUNDLE, sender);
    boolean message =
        exam.bundle().map(b -> b.getType() == Bundle.BundleType.MESSAGE).orElse(false);
    return message ? fhir.examine(raw, FhirOperation.PROCESS_MESSAGE, sender) : exam;
  }

  private static List<Path> expand(Path p, PathMatcher include) throws IOException {
    if (!Files.isDirectory(p)) {
      return List.of(p);
    }
    try (Stream<Path> walk = Files.walk(p)) {
      return walk.filter(Files::isRegularFile)
          .filter(f -> !isHidden(p.relativize(f)))
          .filter(f -> include.matches(f.getFileName()))
          .sorted()
          .toList();
    }
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }
}
