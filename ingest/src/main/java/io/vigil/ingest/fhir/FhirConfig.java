package io.vigil.ingest.fhir;

/**
 * FHIR ingest settings.
 *
 * @param profileValidation full FHIR profile validation ({@code FhirInstanceValidator}, core R4
 *     profiles): {@code OFF} (default; the hub's own rules only), {@code SAMPLE} (one Bundle in
 *     {@code sampleEvery}, after the response, counted in metrics) or {@code ALL} (every Bundle,
 *     before the response, its errors make the submission an error; costs 100–200 ms per Bundle)
 * @param sampleEvery in {@code SAMPLE} mode, validate one Bundle in this many; default 100
 */
public record FhirConfig(ProfileValidation.Mode profileValidation, int sampleEvery) {

  public static FhirConfig defaults() {
    return new FhirConfig(ProfileValidation.Mode.OFF, 100);
  }
}
