package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.Database;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil sender list|add|revoke} (alias {@code senders}; {@code disable} = {@code revoke}):
 * the sender registry of a hub's database. A sender has a primary facility id (MSH-4 /
 * MessageHeader.sender), optionally further facility ids, the message kinds it may send, and the
 * subject of the TLS client certificate it uses over MLLP. Production refuses messages from
 * facilities that are not registered and enabled. {@code add} on a registered sender changes only
 * what it is given and prints the sender as it now is: run again to add an alias, it once wiped the
 * certificate subject and kinds without a word (ops6 #3).
 */
@Command(
    name = "sender",
    aliases = {"senders"},
    mixinStandardHelpOptions = true,
    description = "List, register or revoke senders (needs --db-url or db.url)")
final class SenderCommand implements Callable<Integer> {
  @Mixin HubOptions options;

  @Parameters(index = "0", description = "list | add | revoke")
  String action;

  @Parameters(
      index = "1",
      arity = "0..1",
      description = "primary facility id (MSH-4 universal id or namespace id)")
  String facilityId;

  @Option(
      names = "--facility",
      description = "a further facility id this sender may use (repeatable; added to those it has)")
  List<String> aliases = new ArrayList<>();

  /** Null when not given: a registered sender keeps its kinds. */
  @Option(
      names = "--kinds",
      split = ",",
      description =
          "message kinds it may send, e.g. ORU^R01,VXU^V04,fhir-lab, replacing those it has;"
              + " 'any' for any kind (a new sender's default; a registered one keeps its kinds)")
  List<String> kinds;

  @Option(
      names = "--cert-subject",
      description =
          "subject DN of its MLLP TLS client certificate in RFC 2253 form, exactly as"
              + " `openssl x509 -in lab.crt -noout -subject -nameopt RFC2253` prints it"
              + " (the order of its parts matters), e.g. 'CN=lab-a,O=Lab A'; a registered sender"
              + " keeps its subject when not given")
  String certSubject;

  @Option(
      names = "--clear-cert-subject",
      description = "remove its certificate subject: no MLLP client certificate identifies it then")
  boolean clearCertSubject;

  @Option(
      names = "--move-facility",
      description =
          "let a --facility that another sender has move to this one (else refused, naming it)")
  boolean moveFacilities;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HubConfig config = options.resolve(HubConfig.Mode.PRODUCTION);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (config.store().jdbcUrl() == null) {
      err.println("sender: give the hub's database with --db-url or db.url (VIGIL_DB_URL)");
      return 2;
    }
    if (!action.equals("list") && (facilityId == null || facilityId.isBlank())) {
      err.println("sender " + action + ": a facility id is required");
      return 2;
    }
    if (clearCertSubject && certSubject != null) {
      err.println("sender add: --cert-subject or --clear-cert-subject, not both");
      return 2;
    }
    List<String> allowedKinds = kinds;
    if (kinds != null && kinds.stream().anyMatch(k -> k.equalsIgnoreCase("any"))) {
      if (kinds.size() > 1) {
        err.println("sender add: --kinds any means any kind: give it alone");
        return 2;
      }
      allowedKinds = List.of();
    }
    try (Database db = Database.open(config.store())) {
      SenderRegistry registry = new SenderRegistry(db.dataSource(), false);
      switch (action) {
        case "list" -> {
          out.printf(
              "%-6s %-24s %-8s %-14s %-24s %-24s %s%n",
              "ID", "FACILITY", "ENABLED", "REGISTERED", "KINDS", "ALIASES", "CERT SUBJECT");
          registry
              .list()
              .forEach(
                  s ->
                      out.printf(
                          "%-6d %-24s %-8s %-14s %-24s %-24s %s%n",
                          s.id(),
                          s.facilityId(),
                          s.enabled(),
                          s.autoRegistered() ? "automatically" : "by operator",
                          kinds(s),
                          s.aliases().isEmpty() ? "-" : String.join(",", s.aliases()),
                          s.certSubject() == null ? "-" : s.certSubject()));
        }
        case "add" -> {
          Optional<SenderRegistry.Sender> before = registry.get(facilityId);
          SenderRegistry.Sender s;
          try {
            s =
                registry.register(
                    facilityId,
                    new SenderRegistry.Registration(
                        aliases, allowedKinds, certSubject, clearCertSubject, moveFacilities));
          } catch (IllegalArgumentException e) {
            err.println("sender add: " + e.getMessage() + "; nothing changed");
            return 1;
          }
          if (before.isEmpty()) {
            out.println("registered " + facilityId + " as sender " + s.id());
          } else {
            out.println(
                "updated sender "
                    + s.id()
                    + (before.get().enabled() ? "" : " (it was revoked: enabled again)"));
          }
          out.println("  facility:     " + s.facilityId());
          out.println(
              "  aliases:      " + (s.aliases().isEmpty() ? "-" : String.join(", ", s.aliases())));
          out.println("  kinds:        " + kinds(s));
          out.println("  cert subject: " + (s.certSubject() == null ? "-" : s.certSubject()));
          out.println("  enabled:      " + s.enabled());
        }
        case "revoke", "disable" -> {
          if (!registry.disable(facilityId)) {
            err.println("sender revoke: no sender " + facilityId);
            return 1;
          }
          out.println("revoked " + facilityId);
        }
        default -> {
          err.println("sender: unknown action '" + action + "' (list, add, revoke)");
          return 2;
        }
      }
    }
    return 0;
  }

  private static String kinds(SenderRegistry.Sender s) {
    return s.kinds().isEmpty() ? "any" : String.join(",", s.kinds());
  }
}
