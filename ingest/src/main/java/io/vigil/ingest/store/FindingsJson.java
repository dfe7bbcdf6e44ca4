package io.vigil.ingest.store;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.ingest.validation.Finding;
import io.vigil.ingest.validation.Severity;
import java.util.ArrayList;
import java.util.List;

/** Findings as a compact JSON array: the shape stored in {@code submission.findings} and served. */
public final class FindingsJson {
  private FindingsJson() {}

  public static JsonArray toJson(List<Finding> findings) {
    JsonArray array = new JsonArray();
    for (Finding f : findings) {
      array.add(
          new JsonObject()
              .put("severity", f.severity().name())
              .put("code", f.code())
              .put("hl7ErrorCode", f.hl7ErrorCode())
              .put("location", f.location())
              .put("message", f.message()));
    }
    return array;
  }

  public static String write(List<Finding> findings) {
    return toJson(findings).encode();
  }

  public static List<Finding> read(String json) {
    JsonArray array = new JsonArray(json);
    List<Finding> findings = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      JsonObject o = array.getJsonObject(i);
      findings.add(
          new Finding(
              Severity.valueOf(o.getString("severity")),
              o.getString("code"),
              o.getInteger("hl7ErrorCode", 0),
              o.getString("location", ""),
              o.getString("message", "")));
    }
    return findings;
  }
}
