package io.vigil.hub.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Realistic FHIR R4 lab message Bundles (ELR-on-FHIR shape: MessageHeader, sending Organization,
 * Patient with US Core race extension, Specimen, DiagnosticReport and its Observations, {@code
 * urn:uuid:} references) of a chosen entry count for load generation. All people, labs and
 * identifiers are fictional.
 *
 * <p>As in {@link ElrMessageFactory}, a pool of variants is rendered once and each Bundle is a
 * variant with a per-Bundle sequence patched into a fixed-width slot of {@code Bundle.identifier}.
 */
public final class FhirBundleFactory {
  private static final String SLOT = "##########";
  private static final DateTimeFormatter DT = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
  private static final String[][] LABS = {
    {"Prairie State Public Health Laboratory", "14D0999901", "Springfield", "62702"},
    {"Lakeside Regional Medical Center Laboratory", "14D0999902", "Evanston", "60201"},
    {"Northfield Reference Laboratories", "14D0999903", "Peoria", "61602"},
  };
  private static final String[][] TESTS = {
    {"94500-6", "SARS-CoV-2 RNA Resp Ql NAA+probe"},
    {"92142-9", "FLUAV RNA Resp Ql NAA+probe"},
    {"92141-1", "FLUBV RNA Resp Ql NAA+probe"},
    {"94558-4", "SARS-CoV-2 Ag Resp Ql IA.rapid"},
  };
  private static final String[][] RESULTS = {
    {"260373001", "Detected"}, {"260415000", "Not detected"},
  };
  private static final String[] FAMILY = {"Rivera", "Nguyen", "Okafor", "Larsen", "Haddad"};
  private static final String[] GIVEN = {"Ana", "Minh", "Chidi", "Ingrid", "Omar", "Lena"};

  private final List<byte[]> variants = new ArrayList<>();
  private final List<Integer> slots = new ArrayList<>();
  private final String runId;
  private final int entries;

  /**
   * @param entries entries per Bundle (5–20): header, organization, patient, specimen, report and
   *     {@code entries - 5} observations
   */
  public FhirBundleFactory(
      long seed, String runId, int variantCount, int entries, ZonedDateTime now) {
    if (entries < 6 || entries > 40) {
      throw new IllegalArgumentException("entries must be 6..40");
    }
    this.runId = runId;
    this.entries = entries;
    SplittableRandom random = new SplittableRandom(seed);
    for (int v = 0; v < variantCount; v++) {
      byte[] bytes = render(random, now).getBytes(StandardCharsets.UTF_8);
      variants.add(bytes);
      slots.add(indexOf(bytes, SLOT.getBytes(StandardCharsets.US_ASCII)));
    }
  }

  /** Entries per Bundle (resources per Bundle). */
  public int entries() {
    return entries;
  }

  /** The Bundle with sequence number {@code n}: unique (sender, Bundle.identifier) per n. */
  public byte[] bundle(long n) {
    int v = (int) Math.floorMod(n, (long) variants.size());
    byte[] out = variants.get(v).clone();
    String digits = String.format("%010d", n % 10_000_000_000L);
    byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(d, 0, out, slots.get(v), d.length);
    return out;
  }

  private String render(SplittableRandom r, ZonedDateTime now) {
    String[] lab = LABS[r.nextInt(LABS.length)];
    ZonedDateTime collected = now.minusHours(20 + r.nextInt(30));
    ZonedDateTime resulted = collected.plusHours(6 + r.nextInt(12));
    String org = uuid(r);
    String patient = uuid(r);
    String specimen = uuid(r);
    String report = uuid(r);
    List<String> observations = new ArrayList<>();
    for (int i = 0; i < entries - 5; i++) {
      observations.add(uuid(r));
    }
    JsonArray entry = new JsonArray();
    JsonObject header =
        new JsonObject()
            .put("resourceType", "MessageHeader")
            .put("id", uuid(r).substring(9))
            .put(
                "eventCoding",
                new JsonObject()
                    .put("system", "http://terminology.hl7.org/CodeSystem/v2-0003")
                    .put("code", "R01"))
            .put(
                "destination",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("name", "STATE_DOH")
                            .put("endpoint", "urn:oid:2.16.840.1.113883.3.9999")))
            .put("sender", ref(org))
            .put(
                "source",
                new JsonObject()
                    .put("name", "LabFlow")
                    .put("software", "LabFlow")
                    .put("version", "3.2.1")
                    .put("endpoint", "urn:oid:2.16.840.1.113883.3.1234.1"))
            .put("focus", new JsonArray().add(ref(report)));
    entry.add(entry(uuid(r), header));
    entry.add(
        entry(
            org,
            new JsonObject()
                .put("resourceType", "Organization")
                .put(
                    "identifier",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("system", "urn:oid:2.16.840.1.113883.4.7")
                                .put("value", lab[1])))
                .put("name", lab[0])
                .put(
                    "address",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put("city", lab[2])
                                .put("state", "IL")
                                .put("postalCode", lab[3])))));
    entry.add(entry(patient, patient(r)));
    entry.add(
        entry(
            specimen,
            new JsonObject()
                .put("resourceType", "Specimen")
                .put("type", concept("http://snomed.info/sct", "258500001", "Nasopharyngeal swab"))
                .put("subject", ref(patient))
                .put(
                    "collection",
                    new JsonObject().put("collectedDateTime", DT.format(collected)))));
    JsonArray results = new JsonArray();
    observations.forEach(o -> results.add(ref(o)));
    String[] panel = TESTS[r.nextInt(TESTS.length)];
    entry.add(
        entry(
            report,
            new JsonObject()
                .put("resourceType", "DiagnosticReport")
                .put("status", "final")
                .put("code", concept("http://loinc.org", panel[0], panel[1]))
                .put("subject", ref(patient))
                .put("effectiveDateTime", DT.format(collected))
                .put("issued", DT.format(resulted))
                .put("performer", new JsonArray().add(ref(org)))
                .put("result", results)
                .put("specimen", new JsonArray().add(ref(specimen)))));
    for (String o : observations) {
      String[] test = TESTS[r.nextInt(TESTS.length)];
      String[] result = RESULTS[r.nextInt(RESULTS.length)];
      entry.add(
          entry(
              o,
              new JsonObject()
                  .put("resourceType", "Observation")
                  .put("status", "final")
                  .put(
                      "category",
                      new JsonArray()
                          .add(
                              concept(
                                  "http://terminology.hl7.org/CodeSystem/observation-category",
                                  "laboratory",
                                  "Laboratory")))
                  .put("code", concept("http://loinc.org", test[0], test[1]))
                  .put("subject", ref(patient))
                  .put("effectiveDateTime", DT.format(collected))
                  .put("issued", DT.format(resulted))
                  .put("performer", new JsonArray().add(ref(org)))
                  .put(
                      "valueCodeableConcept",
                      concept("http://snomed.info/sct", result[0], result[1]))
                  .put("specimen", ref(specimen))));
    }
    return new JsonObject()
        .put("resourceType", "Bundle")
        .put(
            "identifier",
            new JsonObject()
                .put("system", "urn:oid:2.16.840.1.113883.3.1234.1")
                .put("value", runId + "-" + SLOT))
        .put("type", "message")
        .put("timestamp", DT.format(resulted.plusMinutes(5)))
        .put("entry", entry)
        .encode();
  }

  private JsonObject patient(SplittableRandom r) {
    return new JsonObject()
        .put("resourceType", "Patient")
        .put(
            "extension",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("url", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race")
                        .put(
                            "extension",
                            new JsonArray()
                                .add(
                                    new JsonObject()
                                        .put("url", "ombCategory")
                                        .put(
                                            "valueCoding",
                                            new JsonObject()
                                                .put("system", "urn:oid:2.16.840.1.113883.6.238")
                                                .put("code", "2106-3")
                                                .put("display", "White"))))))
        .put(
            "identifier",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put(
                            "type",
                            concept("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", "MR"))
                        .put("system", "urn:oid:2.16.840.1.113883.3.1234.2")
                        .put("value", "MRN" + (100000 + r.nextInt(900000)))))
        .put(
            "name",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("family", FAMILY[r.nextInt(FAMILY.length)])
                        .put("given", new JsonArray().add(GIVEN[r.nextInt(GIVEN.length)]))))
        .put("gender", r.nextBoolean() ? "female" : "male")
        .put(
            "birthDate",
            String.format(
                "%04d-%02d-%02d", 1930 + r.nextInt(90), 1 + r.nextInt(12), 1 + r.nextInt(28)))
        .put(
            "address",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("use", "home")
                        .put("line", new JsonArray().add((100 + r.nextInt(900)) + " Main St"))
                        .put("city", "Springfield")
                        .put("district", "17167")
                        .put("state", "IL")
                        .put("postalCode", "62701")));
  }

  private static JsonObject entry(String fullUrl, JsonObject resource) {
    return new JsonObject().put("fullUrl", fullUrl).put("resource", resource);
  }

  private static JsonObject ref(String fullUrl) {
    return new JsonObject().put("reference", fullUrl);
  }

  private static JsonObject concept(String system, String code, String display) {
    return new JsonObject()
        .put(
            "coding",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("system", system)
                        .put("code", code)
                        .put("display", display)));
  }

  private static String uuid(SplittableRandom r) {
    return "urn:uuid:"
        + new UUID(
            (r.nextLong() & ~0xF000L) | 0x4000L,
            r.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new IllegalStateException("slot not found");
  }
}
