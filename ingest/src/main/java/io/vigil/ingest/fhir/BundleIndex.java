package io.vigil.ingest.fhir;

import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * Resolves references between the resources of one Bundle the way senders write them: {@code
 * urn:uuid:} / {@code urn:oid:} full URLs, relative {@code Type/id} references (matched against an
 * entry's full URL or id), absolute URLs equal to an entry's full URL, and {@code #id} references
 * to contained resources. Version suffixes ({@code /_history/n}) are ignored.
 */
final class BundleIndex {
  private final Bundle bundle;
  private final Map<String, Resource> byKey = new HashMap<>();
  private final Map<Resource, Integer> positions = new IdentityHashMap<>();
  private final Map<Resource, Resource> containers = new IdentityHashMap<>();

  BundleIndex(Bundle bundle) {
    this.bundle = bundle;
    List<Bundle.BundleEntryComponent> entries = bundle.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      Bundle.BundleEntryComponent e = entries.get(i);
      Resource r = e.getResource();
      if (r == null) {
        continue;
      }
      positions.put(r, i);
      if (r instanceof DomainResource d) {
        for (Resource contained : d.getContained()) {
          containers.put(contained, r);
        }
      }
      String fullUrl = e.getFullUrl();
      if (fullUrl != null && !fullUrl.isEmpty()) {
        byKey.putIfAbsent(fullUrl, r);
        String tail = typeAndId(fullUrl);
        if (tail != null) {
          byKey.putIfAbsent(tail, r);
        }
      }
      if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
        String id = r.getIdElement().getIdPart();
        if (!id.contains(":")) {
          byKey.putIfAbsent(r.fhirType() + "/" + id, r);
        }
      }
    }
  }

  Bundle bundle() {
    return bundle;
  }

  /** The entry index of a top-level resource, or -1 for a contained one. */
  int position(Resource r) {
    Integer p = positions.get(r);
    if (p == null) {
      Resource container = containers.get(r);
      return container == null ? -1 : position(container);
    }
    return p;
  }

  /** A FHIRPath expression naming the resource (its entry, or its container's entry). */
  String path(Resource r) {
    Integer p = positions.get(r);
    if (p != null) {
      return "Bundle.entry[" + p + "].resource";
    }
    Resource container = containers.get(r);
    if (container != null) {
      int k = ((DomainResource) container).getContained().indexOf(r);
      return path(container) + ".contained[" + k + "]";
    }
    return "Bundle";
  }

  /** True when the reference names no resource at all (only an identifier or a display). */
  static boolean isLogical(Reference ref) {
    // Not hasReference(): a reference element with only an extension has it true and no value.
    return ref == null || ref.getReference() == null || ref.getReference().isEmpty();
  }

  /** The resource {@code ref} (found in {@code from}) points to, when it is in this Bundle. */
  Optional<Resource> resolve(Resource from, Reference ref) {
    if (ref == null) {
      return Optional.empty();
    }
    if (ref.getResource() instanceof Resource linked) {
      return Optional.of(linked);
    }
    String target = ref.getReference();
    if (target == null || target.isEmpty()) {
      return Optional.empty();
    }
    if (target.startsWith("#")) {
      return contained(from, target.substring(1));
    }
    int history = target.indexOf("/_history/");
    if (history > 0) {
      target = target.substring(0, history);
    }
    Resource r = byKey.get(target);
    if (r == null && !target.startsWith("urn:")) {
      String tail = typeAndId(target);
      r = tail == null ? null : byKey.get(tail);
    }
    return Optional.ofNullable(r);
  }

  /** {@link #resolve} narrowed to a type. */
  <T extends Resource> Optional<T> resolve(Resource from, Reference ref, Class<T> type) {
    return resolve(from, ref).filter(type::isInstance).map(type::cast);
  }

  private Optional<Resource> contained(Resource from, String id) {
    if (!(containers.getOrDefault(from, from) instanceof DomainResource holder)) {
      return Optional.empty();
    }
    for (Resource c : holder.getContained()) {
      String cid = c.getIdElement().getIdPart();
      if (cid != null && (cid.equals(id) || cid.equals("#" + id))) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** {@code Type/id} at the end of a URL or relative reference, or null. */
  static String typeAndId(String url) {
    if (url.startsWith("urn:")) {
      return null;
    }
    String u = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    int slash = u.lastIndexOf('/');
    if (slash <= 0) {
      return null;
    }
    int typeStart = u.lastIndexOf('/', slash - 1) + 1;
    String type = u.substring(typeStart, slash);
    if (type.isEmpty() || !Character.isUpperCase(type.charAt(0))) {
      return null;
    }
    return type + "/" + u.substring(slash + 1);
  }
}
