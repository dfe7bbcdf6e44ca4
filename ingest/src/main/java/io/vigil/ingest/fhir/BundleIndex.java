package io.vigil.ingest.fhir;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources of one Bundle the hub reads, each with the FHIRPath of its entry, and the
 * resolution of references between them the way senders write them: {@code urn:uuid:} / {@code
 * urn:oid:} full URLs, relative {@code Type/id} references (matched against an entry's full URL or
 * id), absolute URLs equal to an entry's full URL, {@code #id} references to contained resources,
 * and logical references by identifier only (to the one resource carrying it). Version suffixes
 * ({@code /_history/n}) are ignored.
 *
 * <p>A {@code message} Bundle may carry its content as a nested {@code collection} or {@code
 * document} Bundle (the US Public Health "Reporting Bundle" of MedMorph, eCR and Health Care
 * Surveys: the MessageHeader's focus is that Bundle). Its entries are read in its place, as if they
 * were the outer Bundle's; a reference resolves first within the Bundle its resource is in, then in
 * the others (a MessageHeader.sender names an Organization inside the content Bundle). Other nested
 * Bundles are resources like any the hub does not read.
 */
final class BundleIndex {

  /**
   * A resource with the FHIRPath of its entry.
   *
   * @param resource the resource
   * @param path {@code Bundle.entry[3].resource}, or {@code
   *     Bundle.entry[1].resource.entry[2].resource} in a nested content Bundle
   */
  record Located<T>(T resource, String path) {}

  /** The entries of one Bundle read (the outer one or a nested content Bundle), by key. */
  private record Scope(Bundle bundle, String path, Map<String, Resource> byKey) {

    Resource lookup(String target) {
      Resource r = byKey.get(target);
      if (r == null && !target.startsWith("urn:")) {
        String tail = typeAndId(target);
        r = tail == null ? null : byKey.get(tail);
      }
      return r;
    }
  }

  private final Bundle bundle;
  private final List<Scope> scopes = new ArrayList<>();
  private final List<Located<Resource>> resources = new ArrayList<>();
  private final Map<Resource, Scope> scopeOf = new IdentityHashMap<>();
  private final Map<Resource, String> paths = new IdentityHashMap<>();
  private final Map<Resource, Resource> containers = new IdentityHashMap<>();

  BundleIndex(Bundle bundle) {
    this.bundle = bundle;
    Scope outer = scope(bundle, "Bundle");
    boolean message = bundle.getType() == Bundle.BundleType.MESSAGE;
    for (int i = 0; i < bundle.getEntry().size(); i++) {
      Resource r = add(outer, bundle.getEntry().get(i), i);
      if (message && isContent(r)) {
        Bundle content = (Bundle) r;
        Scope inner = scope(content, paths.get(r));
        for (int j = 0; j < content.getEntry().size(); j++) {
          Resource nested = add(inner, content.getEntry().get(j), j);
          if (nested != null) {
            resources.add(new Located<>(nested, paths.get(nested)));
          }
        }
      } else if (r != null) {
        resources.add(new Located<>(r, paths.get(r)));
      }
    }
  }

  private static boolean isContent(Resource r) {
    return r instanceof Bundle b
        && (b.getType() == Bundle.BundleType.COLLECTION
            || b.getType() == Bundle.BundleType.DOCUMENT);
  }

  private Scope scope(Bundle b, String path) {
    Scope s = new Scope(b, path, new HashMap<>());
    scopes.add(s);
    return s;
  }

  private Resource add(Scope scope, Bundle.BundleEntryComponent e, int i) {
    Resource r = e.getResource();
    if (r == null) {
      return null;
    }
    paths.put(r, scope.path() + ".entry[" + i + "].resource");
    scopeOf.put(r, scope);
    if (r instanceof DomainResource d) {
      for (Resource contained : d.getContained()) {
        containers.put(contained, r);
      }
    }
    String fullUrl = e.getFullUrl();
    if (fullUrl != null && !fullUrl.isEmpty()) {
      scope.byKey().putIfAbsent(fullUrl, r);
      String tail = typeAndId(fullUrl);
      if (tail != null) {
        scope.byKey().putIfAbsent(tail, r);
      }
    }
    if (r.hasIdElement() && r.getIdElement().hasIdPart()) {
      String id = r.getIdElement().getIdPart();
      if (!id.contains(":")) {
        scope.byKey().putIfAbsent(r.fhirType() + "/" + id, r);
      }
    }
    return r;
  }

  Bundle bundle() {
    return bundle;
  }

  /**
   * The Bundles whose entries are read, with their FHIRPath: the Bundle itself ({@code Bundle})
   * first, then any nested content Bundle.
   */
  List<Located<Bundle>> bundles() {
    return scopes.stream().map(s -> new Located<>(s.bundle(), s.path())).toList();
  }

  /**
   * Every resource read, in document order: the Bundle's entries, with a nested content Bundle's
   * entries in its place.
   */
  List<Located<Resource>> resources() {
    return resources;
  }

  /** The resources read of one type, in document order. */
  <T extends Resource> List<T> resources(Class<T> type) {
    return resources.stream()
        .map(Located::resource)
        .filter(type::isInstance)
        .map(type::cast)
        .toList();
  }

  /** A FHIRPath expression naming the resource (its entry, or its container's entry). */
  String path(Resource r) {
    String p = paths.get(r);
    if (p != null) {
      return p;
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
      return ref.hasIdentifier() ? byIdentifier(ref) : Optional.empty();
    }
    if (target.startsWith("#")) {
      return contained(from, target.substring(1));
    }
    int history = target.indexOf("/_history/");
    if (history > 0) {
      target = target.substring(0, history);
    }
    Scope own = scopeOf.get(containers.getOrDefault(from, from));
    Resource r = own == null ? null : own.lookup(target);
    for (int i = 0; r == null && i < scopes.size(); i++) {
      r = scopes.get(i).lookup(target);
    }
    return Optional.ofNullable(r);
  }

  /**
   * A logical reference ({@code {identifier: {system, value}}}, no {@code reference}): the one
   * resource read (of the reference's {@code type}, when it names one) carrying that identifier;
   * none when no resource or several do. Senders that know only a record number write it so.
   */
  private Optional<Resource> byIdentifier(Reference ref) {
    Identifier wanted = ref.getIdentifier();
    if (!FhirCodings.hasText(wanted.getValue())) {
      return Optional.empty();
    }
    String type = ref.getType();
    List<Resource> matches =
        resources.stream()
            .map(Located::resource)
            .filter(r -> type == null || type.isEmpty() || type.endsWith(r.fhirType()))
            .filter(r -> carries(r, wanted))
            .distinct()
            .toList();
    return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
  }

  private static boolean carries(Resource r, Identifier wanted) {
    Property property = r.getNamedProperty("identifier");
    if (property == null) {
      return false;
    }
    String system = FhirCodings.hasText(wanted.getSystem()) ? wanted.getSystem().strip() : null;
    for (Base value : property.getValues()) {
      if (value instanceof Identifier id
          && FhirCodings.hasText(id.getValue())
          && id.getValue().strip().equals(wanted.getValue().strip())
          && (system == null
              || FhirCodings.hasText(id.getSystem()) && id.getSystem().strip().equals(system))) {
        return true;
      }
    }
    return false;
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
