package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.Database;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
 * facilities that are not registered and enabled.
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
      description = "a further facility id this sender may use (repeatable)")
  List<String> aliases = new ArrayList<>();

  @Option(
      names = "--kinds",
      split = ",",
      description = "message kinds it may send, e.g. ORU^R01,VXU^V04,fhir-lab (default: any)")
  List<String> kinds = new ArrayList<>();

  @Option(
      names = "--cert-subject",
      description =
          "subject DN of its MLLP TLS client certificate in RFC 2253 form, exactly as"
              + " `openssl x509 -in lab.crt -noout -subject -nameopt RFC2253` prints it"
              + " (the order of its parts matters), e.g. 'CN=lab-a,O=Lab A'")
  String certSubject;

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
    try (Database db = Database.open(config.store())) {
      SenderRegistry registry = new SenderRegistry(db.dataSource(), false);
      switch (action) {
        case "list" -> {
          out.printf("%-6s %-40s %-8s %s%n", "ID", "FACILITY", "ENABLED", "REGISTERED");
          registry
              .list()
              .forEach(
                  s ->
                      out.printf(
                          "%-6d %-40s %-8s %s%n",
                          s.id(),
                          s.facilityId(),
                          s.enabled(),
                          s.autoRegistered() ? "automatically (dev)" : "by an operator"));
        }
        case "add" -> {
          long id = registry.register(facilityId, aliases, kinds, certSubject);
          out.println("registered " + facilityId + " as sender " + id);
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
}
