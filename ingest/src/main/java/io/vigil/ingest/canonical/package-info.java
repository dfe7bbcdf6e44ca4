/**
 * The one canonical model of what a report says, whatever format it came in (HL7 v2 ORU^R01 /
 * VXU^V04 or a FHIR R4 Bundle). Everything downstream of parsing (de-identification, events,
 * timeliness) reads only this model, so it is format-blind. It contains PHI and never leaves the
 * system of record; {@code io.vigil.ingest.deid} turns it into de-identified events.
 */
package io.vigil.ingest.canonical;
