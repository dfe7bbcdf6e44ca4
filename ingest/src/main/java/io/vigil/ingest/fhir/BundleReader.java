package io.vigil.ingest.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import io.vigil.ingest.validation.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a request body as a FHIR R4 JSON Bundle with HAPI's parser, turning everything that can go
 * wrong into findings instead of exceptions: an empty body, NDJSON, malformed JSON, an unknown or
 * missing {@code resourceType}, a resource that is not a Bundle, values of the wrong type, numbers
 * out of range ({@link JsonNumbers}), and any other failure of HAPI's parser.
 *
 * <p>Lenient on unknown elements (a warning each, the element is dropped): real senders add
 * elements from later FHIR versions or misspelled extensions, and refusing a whole lab report for
 * that loses a result that public health needs. Wrong value types and repeated single elements are
 * errors. A UTF-8 byte order mark is skipped; JSON is always UTF-8 (RFC 8259).
 */
public final class BundleReader {
  private static final Logger LOG = LoggerFactory.getLogger(BundleReader.class);

  /**
   * The outcome of reading one body.
   *
   * @param bundle the parsed Bundle, or null when the body is not one (see {@code findings})
   * @param findings what the parser reported, errors first when the body was refused
   */
  public record Read(Bundle bundle, List<Finding> findings) {
    public Read {
      findings = List.copyOf(findings);
    }

    public boolean parsed() {
      return bundle != null;
    }
  }

  private BundleReader() {}

  /** Reads {@code body} (the exact bytes received). */
  public static Read read(byte[] body) {
    String text = decode(body);
    if (text.isBlank()) {
      return refused("BODY_EMPTY", 101, "The request body holds no FHIR resource");
    }
    if (looksLikeNdjson(text)) {
      return refused(
          "NDJSON_NOT_ACCEPTED",
          102,
          "The body holds several JSON objects (NDJSON); send one Bundle as application/fhir+json");
    }
    char first = firstNonBlank(text);
    if (first == '<') {
      return refused(
          "XML_NOT_ACCEPTED", 102, "The body is XML; this hub accepts FHIR JSON only (fhir+json)");
    }
    if (first != '{') {
      return refused("JSON_MALFORMED", 102, "The body is not a JSON object");
    }
    Optional<Finding> outOfRange = JsonNumbers.outOfRange(text);
    if (outOfRange.isPresent()) {
      return new Read(null, List.of(outOfRange.get()));
    }
    Collector collector = new Collector();
    IParser parser = Fhir.context().newJsonParser().setParserErrorHandler(collector);
    IBaseResource resource;
    try {
      resource = parser.parseResource(text);
    } catch (DataFormatException | IllegalArgumentException | ClassCastException e) {
      return refused(classify(e), 102, describe(classify(e)));
    } catch (RuntimeException e) {
      // HAPI fails on some shapes it does not expect with other exceptions (a resource given as
      // a string ends in a NullPointerException): the body is unreadable, not a hub failure.
      LOG.debug("FHIR body unreadable [exception: {}]", e.getClass().getName());
      return refused(
          "RESOURCE_UNREADABLE",
          102,
          "The body is JSON but not a FHIR R4 resource this hub can read");
    }
    if (!(resource instanceof Bundle bundle)) {
      List<Finding> findings = new ArrayList<>();
      findings.add(
          Finding.error(
              "NOT_A_BUNDLE",
              100,
              "",
              "Expected a Bundle, got a "
                  + resource.fhirType()
                  + " resource; wrap resources in a Bundle"));
      return new Read(null, findings);
    }
    return new Read(bundle, collector.located(text));
  }

  private static Read refused(String code, int hl7, String message) {
    return new Read(null, List.of(Finding.error(code, hl7, "", message)));
  }

  static String decode(byte[] body) {
    int offset =
        body.length >= 3
                && (body[0] & 0xFF) == 0xEF
                && (body[1] & 0xFF) == 0xBB
                && (body[2] & 0xFF) == 0xBF
            ? 3
            : 0;
    return new String(body, offset, body.length - offset, StandardCharsets.UTF_8);
  }

  private static char firstNonBlank(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return text.charAt(i);
      }
    }
    return ' ';
  }

  /**
   * NDJSON: the first line is a whole JSON object and more follows. Pretty-printed JSON opens with
   * a line that does not close its object, single-line JSON has nothing after its line.
   */
  static boolean looksLikeNdjson(String text) {
    int start = 0;
    while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
      start++;
    }
    int newline = text.indexOf('\n', start);
    if (newline < 0 || text.substring(newline).isBlank()) {
      return false;
    }
    String line = text.substring(start, newline).trim();
    return line.startsWith("{") && line.endsWith("}");
  }

  private static String classify(Exception e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("Unknown resource name") || m.contains("HAPI-1684")) {
      return "RESOURCE_TYPE_UNKNOWN";
    }
    if (m.contains("'resourceType'") || m.contains("HAPI-1838")) {
      return "RESOURCE_TYPE_MISSING";
    }
    return "JSON_MALFORMED";
  }

  private static String describe(String code) {
    return switch (code) {
      case "RESOURCE_TYPE_UNKNOWN" -> "resourceType does not name a FHIR R4 resource";
      case "RESOURCE_TYPE_MISSING" -> "The JSON object has no resourceType";
      default -> "The body is not well-formed JSON";
    };
  }

  /**
   * Collects parser complaints as findings. Values are never quoted: they can be patient data.
   * Locations name the element (and its parent) as HAPI reports them.
   */
  private static final class Collector extends ErrorHandlerAdapter {
    final List<Finding> findings = new ArrayList<>();

    /** The invalid values reported, by finding index: element name and value as sent. */
    private final Map<Integer, String[]> invalid = new LinkedHashMap<>();

    /**
     * The findings, each invalid value located by its full FHIRPath: HAPI names only the element,
     * and several values may share that name. The n-th report of a name and value is the n-th such
     * value in the document, which HAPI reads in order.
     */
    List<Finding> located(String json) {
      Map<String, List<String>> paths = new HashMap<>();
      Map<String, Integer> used = new HashMap<>();
      for (Map.Entry<Integer, String[]> e : invalid.entrySet()) {
        String element = e.getValue()[0];
        String value = e.getValue()[1];
        String key = element + "\u0000" + value;
        List<String> found =
            paths.computeIfAbsent(key, k -> JsonValuePaths.of(json, element, value));
        int n = used.merge(key, 1, Integer::sum) - 1;
        if (n < found.size()) {
          Finding f = findings.get(e.getKey());
          findings.set(
              e.getKey(),
              new Finding(f.severity(), f.code(), f.hl7ErrorCode(), found.get(n), f.message()));
        }
      }
      return findings;
    }

    private static String at(IParseLocation location, String element) {
      String parent = location == null ? null : location.getParentElementName();
      if (element == null) {
        return parent == null ? "" : parent;
      }
      return parent == null ? element : parent + "." + element;
    }

    @Override
    public void unknownElement(IParseLocation location, String element) {
      findings.add(
          Finding.warning(
              "ELEMENT_UNKNOWN",
              100,
              at(location, element),
              "Unknown element ignored (not in FHIR R4): " + SafeName.of(element)));
    }

    @Override
    public void unknownAttribute(IParseLocation location, String attribute) {
      unknownElement(location, attribute);
    }

    @Override
    public void unexpectedRepeatingElement(IParseLocation location, String element) {
      findings.add(
          Finding.error(
              "ELEMENT_REPEATED",
              100,
              at(location, element),
              "Element allows one value but repeats: " + SafeName.of(element)));
    }

    @Override
    public void incorrectJsonType(
        IParseLocation location,
        String element,
        BaseJsonLikeValue.ValueType expected,
        BaseJsonLikeValue.ScalarType expectedScalar,
        BaseJsonLikeValue.ValueType found,
        BaseJsonLikeValue.ScalarType foundScalar) {
      findings.add(
          Finding.error(
              "VALUE_JSON_TYPE",
              102,
              at(location, element),
              "Wrong JSON type for " + SafeName.of(element) + " (expected " + expected + ")"));
    }

    @Override
    public void invalidValue(IParseLocation location, String value, String error) {
      String element = location == null ? null : location.getParentElementName();
      if (element != null && value != null) {
        invalid.put(findings.size(), new String[] {element, value});
      }
      findings.add(
          Finding.error(
              "VALUE_INVALID",
              102,
              at(location, null),
              "A value does not have its FHIR data type's format"));
    }

    @Override
    public void extensionContainsValueAndNestedExtensions(IParseLocation location) {
      findings.add(
          Finding.error(
              "EXTENSION_INVALID",
              100,
              at(location, null),
              "An extension has both a value and nested extensions"));
    }
  }
}
