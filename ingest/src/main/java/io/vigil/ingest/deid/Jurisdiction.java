package io.vigil.ingest.deid;

import io.vigil.ingest.canonical.Address;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a patient lives, coarsened: state FIPS, county FIPS and a Safe Harbor ZIP3.
 *
 * @param stateFips two-digit state FIPS code, or null
 * @param countyFips five-digit county FIPS code, or null
 * @param zip3 first three ZIP digits ({@code 000} for restricted ZIP3s), or null
 */
public record Jurisdiction(String stateFips, String countyFips, String zip3) {

  public static final Jurisdiction UNKNOWN = new Jurisdiction(null, null, null);

  /**
   * ZIP3 areas with 20,000 or fewer people (2000 Census), which Safe Harbor requires to be reported
   * as {@code 000}: HHS OCR, "Guidance Regarding Methods for De-identification of PHI", section
   * 3.3.
   */
  static final Set<String> RESTRICTED_ZIP3 =
      Set.of(
          "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
          "879", "884", "890", "893");

  private static final Map<String, String> STATES = states();

  /**
   * The jurisdiction of an address as sent; parts that cannot be read are null. An address in
   * another country has none, even where its province is written as a US state's code would be
   * (Paraná, Brazil: {@code PR}; Western Australia: {@code WA}).
   */
  public static Jurisdiction of(Optional<Address> address) {
    if (address.isEmpty()) {
      return UNKNOWN;
    }
    Address a = address.get();
    String state = stateFips(a.state());
    if (!inUs(a.country()) && (state == null || zip3(a.postalCode(), "") == null)) {
      // Another country, and the address does not read as a US one either: a province written
      // as a state's code would be (Paraná PR, 80020-310) is no US state. A country the hub does
      // not know ("UNK", "United States of America (the)") beside a US state and ZIP stays US.
      return UNKNOWN;
    }
    if (state == null && abroad(a)) {
      // "Tijuana^B.C.^22000" with the country left empty: a Mexican postal code is no US ZIP (220
      // is Fairfax, Virginia), so the address counts nowhere (regress7).
      return UNKNOWN;
    }
    String county = countyFips(a.county(), state);
    if (state == null && county != null) {
      state = county.substring(0, 2);
    }
    return new Jurisdiction(state, county, zip3(a.postalCode(), ""));
  }

  /**
   * The state of a US address that is written but names no state or territory the trends count: a
   * typo ({@code TZ}), a military post's {@code AE}, a freely associated state's {@code FM}. Empty
   * when the state is read, not written, written as unknown, or the address is another country's.
   */
  public static Optional<String> unreadState(Address a) {
    String s = a.state().strip();
    if (s.isEmpty()
        || stateFips(s) != null
        || !inUs(a.country())
        || NULL_FLAVOURS.contains(s.toUpperCase(Locale.ROOT))) {
      return Optional.empty();
    }
    return Optional.of(s);
  }

  /**
   * Whether an address whose country is unsaid names a Canadian province or territory or a Mexican
   * state (codes and names none of which is a US state's): it is abroad, and its postal code is no
   * ZIP.
   */
  public static boolean abroad(Address a) {
    String cc = a.country().toUpperCase(Locale.ROOT).replace(".", "").replace(" ", "");
    if (!cc.isEmpty() && !UNSAID.contains(cc)) {
      return false;
    }
    String s = SPACES.matcher(a.state().toUpperCase(Locale.ROOT).replace(".", "")).replaceAll(" ");
    return PROVINCES_ABROAD.contains(s.strip());
  }

  private static final Set<String> PROVINCES_ABROAD =
      Set.of(
          // Canada: the provinces and territories, by code and name.
          "AB",
          "BC",
          "MB",
          "NB",
          "NL",
          "NS",
          "NT",
          "NU",
          "ON",
          "PE",
          "QC",
          "PQ",
          "SK",
          "YT",
          "ALBERTA",
          "BRITISH COLUMBIA",
          "MANITOBA",
          "NEW BRUNSWICK",
          "NEWFOUNDLAND AND LABRADOR",
          "NOVA SCOTIA",
          "NORTHWEST TERRITORIES",
          "NUNAVUT",
          "ONTARIO",
          "PRINCE EDWARD ISLAND",
          "QUEBEC",
          "QUÉBEC",
          "SASKATCHEWAN",
          "YUKON",
          // Mexico's border states and the most frequent others, by their usual abbreviations
          // and names.
          "BCN",
          "BAJA CALIFORNIA",
          "BCS",
          "BAJA CALIFORNIA SUR",
          "SON",
          "SONORA",
          "CHIH",
          "CHIHUAHUA",
          "COAH",
          "COAHUILA",
          "NLE",
          "NUEVO LEON",
          "NUEVO LEÓN",
          "TAMPS",
          "TAMAULIPAS",
          "JAL",
          "JALISCO",
          "CDMX",
          "DF",
          "CIUDAD DE MEXICO",
          "CIUDAD DE MÉXICO",
          "SIN",
          "SINALOA",
          "DGO",
          "DURANGO",
          "GTO",
          "GUANAJUATO",
          "MICH",
          "MICHOACAN",
          "MICHOACÁN",
          "OAX",
          "OAXACA",
          "PUE",
          "PUEBLA",
          "VER",
          "VERACRUZ",
          "YUC",
          "YUCATAN",
          "YUCATÁN",
          "GRO",
          "GUERRERO",
          "ZAC",
          "ZACATECAS",
          "SLP",
          "SAN LUIS POTOSI",
          "SAN LUIS POTOSÍ",
          "QRO",
          "QUERETARO",
          "QUERÉTARO",
          "QROO",
          "QUINTANA ROO",
          "AGS",
          "AGUASCALIENTES",
          "HGO",
          "HIDALGO",
          "MOR",
          "MORELOS",
          "NAY",
          "NAYARIT",
          "TAB",
          "TABASCO",
          "CHIS",
          "CHIAPAS",
          "CAMP",
          "CAMPECHE",
          "TLAX",
          "TLAXCALA",
          "COL",
          "COLIMA",
          "EDOMEX",
          "ESTADO DE MEXICO",
          "ESTADO DE MÉXICO");

  /** A state written as not known: HL7 null flavours and the usual words for it. */
  private static final Set<String> NULL_FLAVOURS =
      Set.of("UNK", "UNKNOWN", "ASKU", "NA", "N/A", "NI", "NASK", "OTH", "XX", "ZZ", "NULL");

  /**
   * The state FIPS code of a USPS abbreviation, a state name or a FIPS code; null if unknown. Dots
   * and doubled spaces are dropped first ({@code N.Y.}, {@code D.C.}, {@code New York}).
   */
  static String stateFips(String state) {
    String s = state.strip().toUpperCase(Locale.ROOT);
    String fips = STATES.get(s);
    if (fips != null) {
      return fips;
    }
    if (s.matches("\\d{1,2}")) {
      String padded = s.length() == 1 ? "0" + s : s;
      return STATES.containsValue(padded) ? padded : null;
    }
    return STATES.get(SPACES.matcher(s.replace(".", "")).replaceAll(" ").strip());
  }

  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * The five-digit county FIPS code of XAD-9 / Address.district: five digits as is (when it agrees
   * with the state), three digits prefixed with the state's code; anything else (a county name)
   * null.
   */
  static String countyFips(String county, String stateFips) {
    String c = county.strip();
    if (c.matches("\\d{5}")) {
      boolean agrees = stateFips == null || c.startsWith(stateFips);
      return agrees && STATES.containsValue(c.substring(0, 2)) ? c : null;
    }
    if (c.matches("\\d{3}") && stateFips != null) {
      return stateFips + c;
    }
    return null;
  }

  /**
   * How the United States is written in an address's country: ISO 3166 codes (HL7 v2 XAD-6 and
   * FHIR's common use) and the name (FHIR's Address.country is "a nation as commonly understood"),
   * after dropping dots and spaces.
   */
  private static final Set<String> US =
      Set.of(
          "USA",
          "US",
          "840",
          "UNITEDSTATES",
          "UNITEDSTATESOFAMERICA",
          "AMERICA",
          // The territories, which the trends count as states, under their own ISO 3166 codes.
          "PR",
          "PRI",
          "630",
          "PUERTORICO",
          "GU",
          "GUM",
          "316",
          "GUAM",
          "VI",
          "VIR",
          "850",
          "AS",
          "ASM",
          "016",
          "MP",
          "MNP",
          "580");

  /** A country written as unknown: a null flavour, ISO 3166's user-assigned ZZ and XX. */
  private static final Set<String> UNSAID =
      Set.of("UNK", "UNKNOWN", "ZZ", "XX", "ZZZ", "XXX", "NULL");

  /**
   * Whether an address's country is the United States or one of its territories, or unsaid (empty
   * or written as unknown).
   */
  static boolean inUs(String country) {
    String cc = country.toUpperCase(Locale.ROOT).replace(".", "").replace(" ", "");
    return cc.isEmpty() || US.contains(cc) || UNSAID.contains(cc);
  }

  /** The Safe Harbor ZIP3 of a US ZIP or ZIP+4; null for other postal codes and placeholders. */
  static String zip3(String postalCode, String country) {
    if (!inUs(country)) {
      return null;
    }
    String p = postalCode.strip();
    if (!p.matches("\\d{5}([ -]?\\d{4})?") || p.startsWith("99999") || p.startsWith("00000")) {
      // 99999 and 00000 are the placeholders of a ZIP not known (self-test apps send them); 999
      // is a real ZIP3 (Ketchikan, Alaska), where such reports were counted.
      return null;
    }
    String zip3 = p.substring(0, 3);
    return RESTRICTED_ZIP3.contains(zip3) ? "000" : zip3;
  }

  private static Map<String, String> states() {
    String[][] rows = {
      {"AL", "ALABAMA", "01"},
      {"AK", "ALASKA", "02"},
      {"AZ", "ARIZONA", "04"},
      {"AR", "ARKANSAS", "05"},
      {"CA", "CALIFORNIA", "06"},
      {"CO", "COLORADO", "08"},
      {"CT", "CONNECTICUT", "09"},
      {"DE", "DELAWARE", "10"},
      {"DC", "DISTRICT OF COLUMBIA", "11"},
      {"FL", "FLORIDA", "12"},
      {"GA", "GEORGIA", "13"},
      {"HI", "HAWAII", "15"},
      {"ID", "IDAHO", "16"},
      {"IL", "ILLINOIS", "17"},
      {"IN", "INDIANA", "18"},
      {"IA", "IOWA", "19"},
      {"KS", "KANSAS", "20"},
      {"KY", "KENTUCKY", "21"},
      {"LA", "LOUISIANA", "22"},
      {"ME", "MAINE", "23"},
      {"MD", "MARYLAND", "24"},
      {"MA", "MASSACHUSETTS", "25"},
      {"MI", "MICHIGAN", "26"},
      {"MN", "MINNESOTA", "27"},
      {"MS", "MISSISSIPPI", "28"},
      {"MO", "MISSOURI", "29"},
      {"MT", "MONTANA", "30"},
      {"NE", "NEBRASKA", "31"},
      {"NV", "NEVADA", "32"},
      {"NH", "NEW HAMPSHIRE", "33"},
      {"NJ", "NEW JERSEY", "34"},
      {"NM", "NEW MEXICO", "35"},
      {"NY", "NEW YORK", "36"},
      {"NC", "NORTH CAROLINA", "37"},
      {"ND", "NORTH DAKOTA", "38"},
      {"OH", "OHIO", "39"},
      {"OK", "OKLAHOMA", "40"},
      {"OR", "OREGON", "41"},
      {"PA", "PENNSYLVANIA", "42"},
      {"RI", "RHODE ISLAND", "44"},
      {"SC", "SOUTH CAROLINA", "45"},
      {"SD", "SOUTH DAKOTA", "46"},
      {"TN", "TENNESSEE", "47"},
      {"TX", "TEXAS", "48"},
      {"UT", "UTAH", "49"},
      {"VT", "VERMONT", "50"},
      {"VA", "VIRGINIA", "51"},
      {"WA", "WASHINGTON", "53"},
      {"WV", "WEST VIRGINIA", "54"},
      {"WI", "WISCONSIN", "55"},
      {"WY", "WYOMING", "56"},
      {"AS", "AMERICAN SAMOA", "60"},
      {"GU", "GUAM", "66"},
      {"MP", "NORTHERN MARIANA ISLANDS", "69"},
      {"PR", "PUERTO RICO", "72"},
      {"VI", "VIRGIN ISLANDS", "78"}
    };
    Map<String, String> m = new HashMap<>();
    for (String[] r : rows) {
      m.put(r[0], r[2]);
      m.put(r[1], r[2]);
    }
    m.put("US VIRGIN ISLANDS", "78"); // "U.S. Virgin Islands", its name in USPS's own list
    return Map.copyOf(m);
  }
}
