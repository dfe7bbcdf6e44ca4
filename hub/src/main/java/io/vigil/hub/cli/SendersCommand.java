package io.vigil.hub.cli;

import io.vigil.hub.HubConfig;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil senders list|add|disable}: the sender registry of a hub's database. Production mode
 * refuses messages from sending facilities (MSH-4) that are not registered and enabled.
 */
@Command(
    name = "senders",
    mixinStandardHelpOptions = true,
    description = "List, register or disable sending facilities (needs --db-url or db.url)")
final class SendersCommand implements Callable<Integer> {
  @Mixin HubOptions options;

  @Parameters(index = "0", description = "list | add | disable")
  String action;

  @Parameters(
      index = "1",
      arity = "0..1",
      description = "facility id (MSH-4 universal id or namespace id)")
  String facilityId;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HubConfig config = options.resolve(HubConfig.Mode.PRODUCTION);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (config.store().jdbcUrl() == null) {
      err.println("senders: give the hub's database with --db-url or db.url (VIGIL_DB_URL)");
      return 2;
    }
    if (!action.equals("list") && (facilityId == null || facilityId.isBlank())) {
      err.println("senders " + action + ": a facility id is required");
      return 2;
    }
    try (Database db = Database.open(config.store())) {
      SenderRegistry registry = new SenderRegistry(db.dataSource(), false);
      switch (action) {
        case "list" -> {
          out.printf("%-40s %-8s %s%n", "FACILITY", "ENABLED", "REGISTERED");
          registry
              .list()
              .forEach(
                  s ->
                      out.printf(
                          "%-40s %-8s %s%n",
                          s.facilityId(),
                          s.enabled(),
                          s.autoRegistered() ? "automatically (dev)" : "by an operator"));
        }
        case "add" ->
            out.println("registered " + facilityId + " as sender " + registry.register(facilityId));
        case "disable" -> {
          if (!registry.disable(facilityId)) {
            err.println("senders disable: no sender " + facilityId);
            return 1;
          }
          out.println("disabled " + facilityId);
        }
        default -> {
          err.println("senders: unknown action '" + action + "' (list, add, disable)");
          return 2;
        }
      }
    }
    return 0;
  }
}
