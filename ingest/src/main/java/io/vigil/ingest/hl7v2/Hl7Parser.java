package io.vigil.ingest.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.parser.EncodingNotSupportedException;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.idgenerator.InMemoryIDGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.ObservationValueTypes;
import java.util.Objects;

/**
 * Parses ER7 text into HAPI's v2.5.1 structures, on the fast path: one canonical model (every
 * message is read as 2.5.1), no HAPI validation (the hub validates with its own rules), and an
 * in-memory id generator so HAPI never writes {@code ./id_file}. One instance is shared by all
 * threads: HAPI's {@code PipeParser} keeps no per-parse state.
 */
public final class Hl7Parser {

  private final PipeParser parser;

  /** Builds the parser; costs a few milliseconds, so make one per process. */
  public Hl7Parser() {
    HapiContext context = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
    context.setValidationContext(ValidationContextFactory.noValidation());
    context.getParserConfiguration().setIdGenerator(new InMemoryIDGenerator());
    // A missing or unknown OBX-2 must not fail the parse: the validator reports it as a finding.
    // HAPI writes the default type into OBX-2, so it is a sentinel the validator recognises.
    context
        .getParserConfiguration()
        .setDefaultObx2Type(ObservationValueTypes.MISSING_VALUE_TYPE_SENTINEL);
    context.getParserConfiguration().setInvalidObx2Type("ST");
    this.parser = context.getPipeParser();
  }

  /** Parses {@code text}; never throws. */
  public Result parse(String text) {
    try {
      return Result.ok(parser.parse(text));
    } catch (EncodingNotSupportedException e) {
      return Result.failed(
          Finding.error(
              "HL7_NOT_ER7", 100, "", "Message is not HL7 v2 ER7 (no MSH segment at the start)"));
    } catch (HL7Exception e) {
      // HAPI's own message can quote field values (patient data): report a generic text.
      int code = e.getError() == ErrorCode.SEGMENT_SEQUENCE_ERROR ? 100 : 102;
      return Result.failed(
          Finding.error(
              "HL7_UNPARSEABLE", code, "", "Message could not be parsed as HL7 v2.5.1 ER7"));
    } catch (RuntimeException e) {
      return Result.failed(
          Finding.error(
              "HL7_UNPARSEABLE", 102, "", "Message could not be parsed as HL7 v2.5.1 ER7"));
    }
  }

  /**
   * Either a parsed message or the finding that says why it could not be parsed.
   *
   * @param message the parsed message; null when parsing failed
   * @param failure the error finding; null when parsing succeeded
   */
  public record Result(Message message, Finding failure) {

    static Result ok(Message message) {
      return new Result(Objects.requireNonNull(message), null);
    }

    static Result failed(Finding failure) {
      return new Result(null, Objects.requireNonNull(failure));
    }

    /** True when HAPI produced a message. */
    public boolean parsed() {
      return message != null;
    }
  }
}
