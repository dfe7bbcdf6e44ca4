/**
 * The de-identification policy ({@link io.vigil.ingest.deid.Deidentifier#POLICY}): the one place
 * where a canonical report (PHI) becomes de-identified events ({@code vigil.events.v1}) that may
 * leave the system of record. HIPAA Safe Harbor (45 CFR 164.514(b)(2)) shapes every field: ages
 * over 89 collapse to {@code 90+}, ZIP codes keep three digits and restricted ZIP3s become {@code
 * 000}, dates keep only the day, and the person key is a keyed HMAC that cannot be reversed without
 * the hub's secret. See {@code docs/deidentification.md}.
 */
package io.vigil.ingest.deid;
