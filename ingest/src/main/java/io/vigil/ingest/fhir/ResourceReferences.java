package io.vigil.ingest.fhir;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.Immunization;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Specimen;

/**
 * The references of one resource, each with the FHIRPath of its element and whether the hub follows
 * it to use the report. Followed are the chains {@link FhirReportMapper} and {@link BundleSender}
 * read: a result's patient ({@code subject}, {@code patient}), {@code DiagnosticReport.result} to
 * its Observations, {@code specimen} to the Specimen, and {@code MessageHeader.sender} to the
 * sending facility. Everything else (performers, {@code basedOn}, encounters, locations, …) the hub
 * never reads.
 *
 * <p>The resources the hub reads have their reference fields listed; other resources are walked
 * generically (reflective, several times the cost, but rare in a report). {@code
 * MessageHeader.focus} is left to the validator's MessageHeader rule, which checks it whatever its
 * form.
 */
final class ResourceReferences {

  /**
   * One reference.
   *
   * @param path FHIRPath of the element, e.g. {@code Bundle.entry[4].resource.performer[0]}
   * @param reference the element
   * @param followed whether the hub needs its target to use the report
   */
  record At(String path, Reference reference, boolean followed) {}

  private final String base;
  private final List<At> refs = new ArrayList<>();

  private ResourceReferences(String base) {
    this.base = base;
  }

  /** The references of {@code r}, whose FHIRPath is {@code at}. */
  static List<At> of(Resource r, String at) {
    ResourceReferences found = new ResourceReferences(at);
    if (!found.listed(r)) {
      found.walk(r, at);
    }
    return found.refs;
  }

  private boolean listed(Resource r) {
    if (r instanceof MessageHeader h) {
      followed("sender", h.getSender());
      other("enterer", h.getEnterer());
      other("author", h.getAuthor());
      other("responsible", h.getResponsible());
    } else if (r instanceof DiagnosticReport dr) {
      followed("subject", dr.getSubject());
      other("encounter", dr.getEncounter());
      others("basedOn", dr.getBasedOn());
      others("performer", dr.getPerformer());
      others("resultsInterpreter", dr.getResultsInterpreter());
      followedEach("specimen", dr.getSpecimen());
      followedEach("result", dr.getResult());
    } else if (r instanceof Observation o) {
      followed("subject", o.getSubject());
      other("encounter", o.getEncounter());
      followed("specimen", o.getSpecimen());
      other("device", o.getDevice());
      others("basedOn", o.getBasedOn());
      others("performer", o.getPerformer());
      // Members are Observations of their own in the Bundle; the mapper reads each entry.
      others("hasMember", o.getHasMember());
      others("derivedFrom", o.getDerivedFrom());
    } else if (r instanceof Specimen sp) {
      other("subject", sp.getSubject());
      others("parent", sp.getParent());
      others("request", sp.getRequest());
      other("collection.collector", sp.getCollection().getCollector());
    } else if (r instanceof Immunization imm) {
      followed("patient", imm.getPatient());
      other("encounter", imm.getEncounter());
      other("location", imm.getLocation());
      other("manufacturer", imm.getManufacturer());
      for (int i = 0; i < imm.getPerformer().size(); i++) {
        other("performer[" + i + "].actor", imm.getPerformer().get(i).getActor());
      }
    } else if (r instanceof Patient p) {
      other("managingOrganization", p.getManagingOrganization());
      others("generalPractitioner", p.getGeneralPractitioner());
    } else if (r instanceof Organization org) {
      other("partOf", org.getPartOf());
    } else {
      return false;
    }
    return true;
  }

  private void followed(String element, Reference ref) {
    refs.add(new At(base + "." + element, ref, true));
  }

  private void followedEach(String element, List<Reference> list) {
    for (int i = 0; i < list.size(); i++) {
      followed(element + "[" + i + "]", list.get(i));
    }
  }

  private void other(String element, Reference ref) {
    refs.add(new At(base + "." + element, ref, false));
  }

  private void others(String element, List<Reference> list) {
    for (int i = 0; i < list.size(); i++) {
      other(element + "[" + i + "]", list.get(i));
    }
  }

  /** Every Reference under {@code node}, none followed (the hub reads none of these resources). */
  private void walk(Base node, String at) {
    for (Property p : node.children()) {
      if (!p.hasValues()) {
        continue;
      }
      List<Base> values = p.getValues();
      for (int i = 0; i < values.size(); i++) {
        Base v = values.get(i);
        if (v == null || v.isPrimitive()) {
          continue;
        }
        String name = p.getName();
        if (name.endsWith("[x]")) {
          String type = v.fhirType();
          name =
              name.substring(0, name.length() - 3)
                  + Character.toUpperCase(type.charAt(0))
                  + type.substring(1);
        }
        String path = at + "." + name + (p.getMaxCardinality() > 1 ? "[" + i + "]" : "");
        if (v instanceof Reference ref) {
          refs.add(new At(path, ref, false));
        } else {
          walk(v, path);
        }
      }
    }
  }
}
