package io.vigil.ingest.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where in a JSON Bundle a value sits, as FHIRPath ({@code Bundle.entry[4].resource.valueString}).
 * HAPI's parser tells its error handler only the name of the element it stopped at; the full path
 * is found again here, by one pass of Jackson's streaming tokenizer, only for a body with such a
 * finding.
 */
final class JsonValuePaths {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonValuePaths() {}

  /**
   * The FHIRPaths of every scalar value of element {@code element} whose text is {@code value}, in
   * document order; empty when the JSON is malformed.
   */
  static List<String> of(String json, String element, String value) {
    List<String> paths = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t.isScalarValue() && value.equals(p.getText())) {
          JsonStreamContext c = p.getParsingContext();
          String name = c.inArray() ? c.getParent().getCurrentName() : c.getCurrentName();
          if (element.equals(name)) {
            paths.add(JsonNumbers.path(c));
          }
        }
      }
    } catch (IOException | RuntimeException malformed) {
      // Malformed JSON is HAPI's to report; the caller keeps the element name.
    }
    return paths;
  }
}
