package io.vigil.ingest.canonical;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * A postal address as reported (XAD / Address). Every part is "" when not given.
 *
 * @param street first street line
 * @param city city
 * @param state state or province as sent (USPS abbreviation, name or FIPS code)
 * @param postalCode ZIP or postal code as sent
 * @param county county code as sent (XAD-9: FIPS 6-4 county code, 3 or 5 digits) or
 *     Address.district
 * @param country country as sent
 */
public record Address(
    String street, String city, String state, String postalCode, String county, String country) {
  public Address {
    Objects.requireNonNull(street, "street");
    Objects.requireNonNull(city, "city");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(postalCode, "postalCode");
    Objects.requireNonNull(county, "county");
    Objects.requireNonNull(country, "country");
  }

  /** An address with every part empty. */
  public boolean isBlank() {
    return street.isEmpty()
        && city.isEmpty()
        && state.isEmpty()
        && postalCode.isEmpty()
        && county.isEmpty()
        && country.isEmpty();
  }

  /**
   * Whether the address says where the patient is: a state, a postal code or a county. A residence
   * repetition holding only a default country ({@code ^^^^^USA^H}), a street, or "UNKNOWN" as
   * street and city says nothing of it.
   */
  public boolean places() {
    return !state.isEmpty() || !postalCode.isEmpty() || !county.isEmpty();
  }

  /**
   * The address the patient lives at among a patient's repeated addresses: the {@link Preferred}
   * non-blank one by {@code rank}, read with {@code read}. When it does not {@link #places place}
   * the patient (a residence holding only a default country, "UNKNOWN" or a street), the preferred
   * one that does among those that may {@code standIn} for a residence (a mailing address, an
   * untyped one; never a business, office or vacation address: a wrong state is worse than none).
   */
  public static <T> Optional<Address> preferred(
      Iterable<T> candidates,
      ToIntFunction<T> rank,
      java.util.function.Predicate<T> standsIn,
      Function<T, Address> read) {
    Optional<T> first = Preferred.first(candidates, rank, c -> !read.apply(c).isBlank());
    if (first.isPresent() && !read.apply(first.get()).places()) {
      Optional<T> placing =
          Preferred.first(candidates, rank, c -> standsIn.test(c) && read.apply(c).places());
      if (placing.isPresent()) {
        return placing.map(read);
      }
    }
    return first.map(read);
  }
}
