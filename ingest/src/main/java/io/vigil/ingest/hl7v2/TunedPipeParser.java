package io.vigil.ingest.hl7v2;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.Version;
import ca.uhn.hl7v2.model.AbstractComposite;
import ca.uhn.hl7v2.model.AbstractPrimitive;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.model.Type;
import ca.uhn.hl7v2.parser.EncodingCharacters;
import ca.uhn.hl7v2.parser.Escaping;
import ca.uhn.hl7v2.parser.FixFieldDataType;
import ca.uhn.hl7v2.parser.PipeParser;
import ca.uhn.hl7v2.util.Terser;

/**
 * HAPI's {@link PipeParser} with its string handling rewritten without {@code StringTokenizer}: the
 * message structure lookup and the two innermost loops (segment to fields and repetitions, field to
 * components and subcomponents). HAPI 2.6 splits every level with a new tokenizer, an {@code
 * ArrayList} and a copy (and splits the whole message once more to read MSH-9), and finds each
 * primitive through {@code Terser}; together that was about 40% of the time of a parse. Everything
 * else (message instantiation, segment navigation, the model, escaping, OBX-5 and MFE-4 typing,
 * validation rules) is HAPI's own code.
 *
 * <p>The overrides do exactly what HAPI 2.6.0's {@code PipeParser} does, step for step: {@link
 * #split} keeps HAPI's quirks (an empty piece is {@code null}, a trailing empty piece is dropped, a
 * null or empty input has no pieces), and a primitive is taken directly only where {@code
 * Terser.getPrimitive} would return that same object; every other case goes through {@code Terser}.
 * {@code TunedPipeParserTest} compares the two parsers on whole messages.
 */
final class TunedPipeParser extends PipeParser {

  private static final String[] NONE = new String[0];

  TunedPipeParser(HapiContext context) {
    super(context);
  }

  /**
   * HAPI's {@code doParse}, except that the message structure (MSH-9) is found by reading up to the
   * ninth field instead of splitting the whole message on the field separator (HAPI 2.6 splits all
   * of it: {@code Math.max(indexOf("\\r"), length())}). Whenever HAPI would fail there, HAPI's own
   * method runs, so the failure is HAPI's exactly.
   */
  @Override
  protected Message doParse(String message, String version) throws HL7Exception {
    if (message.length() < 8) {
      return super.doParse(message, version);
    }
    EncodingCharacters ec = new EncodingCharacters(message.charAt(3), message.substring(4, 8));
    String[] msh9 = ninthPiece(message, ec.getFieldSeparator());
    if (msh9 == null) {
      return super.doParse(message, version);
    }
    String[] comps = split(msh9[0], ec.getComponentSeparator());
    // Padding around MSH-9's pieces (fixed-width exporters) must not pick a generic structure:
    // the hub read the type trimmed (MshReader) and validates it as that structure.
    for (int i = 0; i < comps.length; i++) {
      comps[i] = comps[i] == null ? null : comps[i].strip();
    }
    String structure;
    boolean explicitlyDefined = true;
    if (comps.length >= 3) {
      structure = comps[2];
    } else if (comps.length > 0 && comps[0] != null && comps[0].equals("ACK")) {
      structure = "ACK";
    } else if (comps.length == 2) {
      explicitlyDefined = false;
      structure = comps[0] + "_" + comps[1];
    } else {
      return super.doParse(message, version);
    }
    Message m = instantiateMessage(structure, version, explicitlyDefined);
    m.setParser(this);
    parse(m, message);
    return m;
  }

  /**
   * HAPI's {@code getEncoding}: ER7 when {@code EncodingDetector.isEr7Encoded} says so. That check
   * runs a {@code StringTokenizer} over the whole message before the parse splits it again; this is
   * the same check in one pass of {@code indexOf}, with the same verdict ({@code
   * TunedPipeParserTest} compares them).
   */
  @Override
  public String getEncoding(String message) {
    return isEr7Encoded(message) ? getDefaultEncoding() : null;
  }

  /**
   * HAPI 2.6.0's {@code EncodingDetector.isEr7Encoded}: at least 4 characters, starting "MSH";
   * every non-empty segment (split on CR), once its leading whitespace is stripped, has the field
   * separator as its fourth character when it has four; and 11 field separators after the first
   * character.
   */
  static boolean isEr7Encoded(String message) {
    if (message.length() < 4 || !message.startsWith("MSH")) {
      return false;
    }
    char separator = message.charAt(3);
    int n = message.length();
    for (int start = 0; start < n; ) {
      int end = message.indexOf('\r', start);
      if (end < 0) {
        end = n;
      }
      int s = start;
      while (s < end && Character.isWhitespace(message.charAt(s))) {
        s++;
      }
      if (end - s >= 4 && message.charAt(s + 3) != separator) {
        return false;
      }
      start = end + 1;
    }
    int at = 0;
    for (int i = 0; i < 11; i++) {
      at = message.indexOf(separator, at + 1);
      if (at < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * MSH-12 as HAPI reads it, without surrounding spaces: "2.5.1 " from a padded exporter is the
   * version the hub accepted (MshReader trims), not an unknown one that fails the parse.
   */
  @Override
  public String getVersion(String message) throws HL7Exception {
    String version = super.getVersion(message);
    return version == null ? null : version.strip();
  }

  /**
   * Element 8 of HAPI's {@code split(message, fieldSeparator)} wrapped in a one-element array (its
   * value may be null, HAPI's empty piece), or null when that array would have no element 8.
   */
  static String[] ninthPiece(String message, char fieldSeparator) {
    int start = 0;
    for (int piece = 0; piece < 8; piece++) {
      int end = message.indexOf(fieldSeparator, start);
      if (end < 0) {
        return null;
      }
      start = end + 1;
    }
    int end = message.indexOf(fieldSeparator, start);
    if (end < 0) {
      // The last piece: HAPI keeps it only when it is not empty.
      return start < message.length() ? new String[] {message.substring(start)} : null;
    }
    return new String[] {end == start ? null : message.substring(start, end)};
  }

  @Override
  public void parse(
      Segment destination, String segment, EncodingCharacters encodingChars, int theRepetition)
      throws HL7Exception {
    String name = destination.getName();
    boolean delimDef = isDelimDefSegment(name);
    int fieldOffset = 0;
    if (delimDef) {
      fieldOffset = 1;
      // set field 1 to fourth character of string
      Terser.set(destination, 1, 0, 1, 1, String.valueOf(encodingChars.getFieldSeparator()));
    }
    String[] fields = split(segment, encodingChars.getFieldSeparator());
    char repetition = encodingChars.getRepetitionSeparator();
    for (int i = 1; i < fields.length; i++) {
      // MSH-2 would be split on its own repetition character, so it is taken whole.
      boolean isMsh2 = delimDef && i + fieldOffset == 2;
      String[] reps = isMsh2 ? new String[] {fields[i]} : split(fields[i], repetition);
      for (int j = 0; j < reps.length; j++) {
        try {
          Type field = destination.getField(i + fieldOffset, j);
          if (isMsh2) {
            Terser.getPrimitive(field, 1, 1).setValue(reps[j]);
          } else {
            parse(field, reps[j], encodingChars);
          }
        } catch (HL7Exception e) {
          // set the field location and throw again, as HAPI does
          e.setFieldPosition(i);
          if (theRepetition > 1) {
            e.setSegmentRepetition(theRepetition);
          }
          e.setSegmentName(destination.getName());
          throw e;
        }
      }
    }
    String className = destination.getClass().getName();
    if (className.contains("OBX")) {
      FixFieldDataType.fixOBX5(
          destination, getFactory(), getHapiContext().getParserConfiguration());
    }
    if (className.contains("MFE")
        && Version.versionOf(destination.getMessage().getVersion()).isGreaterThan(Version.V23)) {
      FixFieldDataType.fixMFE4(
          destination, getFactory(), getHapiContext().getParserConfiguration());
    }
  }

  @Override
  public void parse(Type destinationField, String data, EncodingCharacters encodingCharacters)
      throws HL7Exception {
    String[] components = split(data, encodingCharacters.getComponentSeparator());
    char subcomponent = encodingCharacters.getSubcomponentSeparator();
    Escaping escaping = getParserConfiguration().getEscaping();
    for (int i = 0; i < components.length; i++) {
      String component = components[i];
      if (component != null && component.indexOf(subcomponent) < 0) {
        // The common case, one subcomponent: split would return {component}.
        primitive(destinationField, i + 1, 1)
            .setValue(escaping.unescape(component, encodingCharacters));
        continue;
      }
      String[] subcomponents = split(component, subcomponent);
      for (int j = 0; j < subcomponents.length; j++) {
        String val = subcomponents[j];
        if (val != null) {
          val = escaping.unescape(val, encodingCharacters);
        }
        primitive(destinationField, i + 1, j + 1).setValue(val);
      }
    }
  }

  /**
   * {@code Terser.getPrimitive(type, component, subcomponent)}, short-cut where Terser would return
   * a primitive reached through standard components only (no extra components, no {@code Varies});
   * every other case goes to Terser. The checks use HAPI's abstract classes rather than the {@code
   * Primitive}/{@code Composite} interfaces: an interface {@code instanceof} on ever-changing model
   * classes is slow on this JDK (one shared per-class cache line, thrashed across threads).
   */
  static Primitive primitive(Type type, int component, int subcomponent) {
    Type comp = standardComponent(type, component);
    if (comp != null) {
      Type sub = standardComponent(comp, subcomponent);
      if (sub instanceof AbstractPrimitive p) {
        return p;
      }
    }
    return Terser.getPrimitive(type, component, subcomponent);
  }

  /**
   * What {@code Terser.getComponent(type, index)} returns when that is a standard component (or the
   * primitive itself for index 1), else null.
   */
  private static Type standardComponent(Type type, int index) {
    if (type instanceof AbstractPrimitive) {
      return index == 1 ? type : null;
    }
    if (type instanceof AbstractComposite c && index <= c.getComponents().length) {
      try {
        return c.getComponent(index - 1);
      } catch (HL7Exception e) {
        return null; // Terser reports this its own way
      }
    }
    return null;
  }

  /**
   * HAPI's {@code PipeParser.split(String, String)} for a one-character delimiter, without a
   * tokenizer: the pieces between delimiters, an empty piece as {@code null}, except that an empty
   * last piece is left out; {@code null} or "" gives no pieces.
   */
  static String[] split(String composite, char delim) {
    if (composite == null || composite.isEmpty()) {
      return NONE;
    }
    int first = composite.indexOf(delim);
    if (first < 0) {
      return new String[] {composite};
    }
    int pieces = 1;
    for (int i = first; i >= 0; i = composite.indexOf(delim, i + 1)) {
      pieces++;
    }
    int length = composite.length();
    boolean lastEmpty = composite.charAt(length - 1) == delim;
    String[] out = new String[lastEmpty ? pieces - 1 : pieces];
    int start = 0;
    int k = 0;
    for (int i = first; i >= 0; i = composite.indexOf(delim, i + 1)) {
      out[k++] = i == start ? null : composite.substring(start, i);
      start = i + 1;
    }
    if (!lastEmpty) {
      out[k] = composite.substring(start);
    }
    return out;
  }

  private static boolean isDelimDefSegment(String name) {
    return name.equals("MSH") || name.equals("FHS") || name.equals("BHS");
  }
}
