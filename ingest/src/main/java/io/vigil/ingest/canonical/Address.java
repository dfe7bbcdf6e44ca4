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
   * one by {@code rank} that {@link #places} the patient (so a complete mailing address is taken
   * over a residence that holds only a country), else the preferred non-blank one; read with {@code
   * read}.
   */
  public static <T> Optional<Address> preferred(
      Iterable<T> candidates, ToIntFunction<T> rank, Function<T, Address> read) {
    return Preferred.first(candidates, rank, c -> read.apply(c).places())
        .or(() -> Preferred.first(candidates, rank, c -> !read.apply(c).isBlank()))
        .map(read);
  }
}
