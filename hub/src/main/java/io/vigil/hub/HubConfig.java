package io.vigil.hub;

import io.vigil.anchoring.log.LogConfig;
import io.vigil.hub.events.EventsSettings;
import io.vigil.ingest.auth.AuthConfig;
import io.vigil.ingest.fhir.FhirConfig;
import io.vigil.ingest.http.HttpConfig;
import io.vigil.ingest.intake.RateLimitConfig;
import io.vigil.ingest.mllp.MllpConfig;
import io.vigil.ingest.store.StoreConfig;
import java.nio.file.Path;

/**
 * The whole hub's configuration: one record per concern.
 *
 * @param mode {@code DEV} (embedded parts, unknown senders auto-registered, loud warning) or {@code
 *     PRODUCTION} (strict)
 * @param dataDir state for embedded parts; default {@code ./.vigil-dev}
 * @param log the submission log: origin, checkpoint signing key, interval
 * @param chain where checkpoints are anchored; {@link #forDev} leaves it off (the CLI's start-dev
 *     turns anvil on)
 * @param events de-identification, the Kafka event path and the analytics job; {@link #forDev}
 *     keeps Kafka and analytics off (events stay in the outbox; the CLI's start-dev runs them)
 * @param auth access tokens: signing key, issuer, audience, token URL, lifetimes
 * @param rateLimit per-sending-facility message rate limit on HL7 v2 intake (MLLP and HTTP)
 * @param fhir FHIR ingest: opt-in profile validation
 */
public record HubConfig(
    Mode mode,
    Path dataDir,
    MllpConfig mllp,
    HttpConfig http,
    StoreConfig store,
    LogConfig log,
    ChainSettings chain,
    EventsSettings events,
    AuthConfig auth,
    RateLimitConfig rateLimit,
    FhirConfig fhir) {

  /** Run mode. */
  public enum Mode {
    DEV,
    PRODUCTION
  }

  public static HubConfig forDev(Path dataDir) {
    return new HubConfig(
        Mode.DEV,
        dataDir,
        MllpConfig.defaults(),
        HttpConfig.defaults(),
        StoreConfig.defaults(),
        LogConfig.defaults(),
        ChainSettings.off(),
        EventsSettings.defaults(),
        AuthConfig.defaults(),
        RateLimitConfig.defaults(),
        FhirConfig.defaults());
  }

  public HubConfig withMllpPort(int port) {
    return withMllp(mllp.withPort(port));
  }

  public HubConfig withHttpPort(int port) {
    return new HubConfig(
        mode, dataDir, mllp, http.withPort(port), store, log, chain, events, auth, rateLimit, fhir);
  }

  public HubConfig withHttp(HttpConfig newHttp) {
    return new HubConfig(
        mode, dataDir, mllp, newHttp, store, log, chain, events, auth, rateLimit, fhir);
  }

  public HubConfig withMllp(MllpConfig newMllp) {
    return new HubConfig(
        mode, dataDir, newMllp, http, store, log, chain, events, auth, rateLimit, fhir);
  }

  public HubConfig withEvents(EventsSettings newEvents) {
    return new HubConfig(
        mode, dataDir, mllp, http, store, log, chain, newEvents, auth, rateLimit, fhir);
  }

  public HubConfig withChain(ChainSettings newChain) {
    return new HubConfig(
        mode, dataDir, mllp, http, store, log, newChain, events, auth, rateLimit, fhir);
  }

  public HubConfig withLog(LogConfig newLog) {
    return new HubConfig(
        mode, dataDir, mllp, http, store, newLog, chain, events, auth, rateLimit, fhir);
  }

  public HubConfig withAuth(AuthConfig newAuth) {
    return new HubConfig(
        mode, dataDir, mllp, http, store, log, chain, events, newAuth, rateLimit, fhir);
  }

  public HubConfig withRateLimit(RateLimitConfig newRateLimit) {
    return new HubConfig(
        mode, dataDir, mllp, http, store, log, chain, events, auth, newRateLimit, fhir);
  }

  public HubConfig withFhir(FhirConfig newFhir) {
    return new HubConfig(
        mode, dataDir, mllp, http, store, log, chain, events, auth, rateLimit, newFhir);
  }

  public HubConfig withDatabase(String jdbcUrl, String user, String password) {
    return new HubConfig(
        mode,
        dataDir,
        mllp,
        http,
        store.withDatabase(jdbcUrl, user, password),
        log,
        chain,
        events,
        auth,
        rateLimit,
        fhir);
  }
}
