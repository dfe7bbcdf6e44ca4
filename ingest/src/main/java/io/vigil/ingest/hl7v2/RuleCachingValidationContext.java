package io.vigil.ingest.hl7v2;

import ca.uhn.hl7v2.model.Primitive;
import ca.uhn.hl7v2.validation.EncodingRule;
import ca.uhn.hl7v2.validation.MessageRule;
import ca.uhn.hl7v2.validation.PrimitiveTypeRule;
import ca.uhn.hl7v2.validation.ValidationContext;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A HAPI {@link ValidationContext} that answers with exactly the rules of the context it wraps, but
 * looks primitive rules up without a lock. HAPI asks for the primitive rules on every {@code
 * Primitive.setValue} (dozens of times per message); its own {@code ValidationContextImpl} builds a
 * {@code version + type} key and reads a synchronized map each time, which made the parsing threads
 * queue on one monitor. The rules depend only on the version and type name (HAPI ignores the
 * primitive instance too), so caching by those two is exact.
 */
final class RuleCachingValidationContext implements ValidationContext {

  private final ValidationContext delegate;
  private final Map<String, Map<String, Collection<PrimitiveTypeRule>>> primitiveRules =
      new ConcurrentHashMap<>();

  RuleCachingValidationContext(ValidationContext delegate) {
    this.delegate = Objects.requireNonNull(delegate);
  }

  @Override
  public Collection<PrimitiveTypeRule> getPrimitiveRules(
      String version, String typeName, Primitive type) {
    if (version == null || typeName == null) {
      return delegate.getPrimitiveRules(version, typeName, type);
    }
    Map<String, Collection<PrimitiveTypeRule>> byType =
        primitiveRules.computeIfAbsent(version, v -> new ConcurrentHashMap<>());
    Collection<PrimitiveTypeRule> rules = byType.get(typeName);
    if (rules == null) {
      rules = List.copyOf(delegate.getPrimitiveRules(version, typeName, type));
      byType.putIfAbsent(typeName, rules);
    }
    return rules;
  }

  @Override
  public Collection<MessageRule> getMessageRules(
      String version, String messageType, String triggerEvent) {
    return delegate.getMessageRules(version, messageType, triggerEvent);
  }

  @Override
  public Collection<EncodingRule> getEncodingRules(String version, String encoding) {
    return delegate.getEncodingRules(version, encoding);
  }
}
