package io.vigil.hub.cli;

import io.vertx.core.Vertx;
import io.vigil.hub.HubConfig;
import io.vigil.ingest.auth.AccessTokens;
import io.vigil.ingest.auth.Principal;
import io.vigil.ingest.auth.PrincipalStore;
import io.vigil.ingest.auth.PublicKeys;
import io.vigil.ingest.auth.Role;
import io.vigil.ingest.auth.TokenSigningKey;
import io.vigil.ingest.sender.SenderRegistry;
import io.vigil.ingest.store.Database;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil principal add|list|revoke|token}: API principals (OAuth2 clients). {@code add}
 * registers a client id with a role and the public key it signs client assertions with; {@code
 * token} mints an access token with the hub's signing key, for testing.
 */
@Command(
    name = "principal",
    mixinStandardHelpOptions = true,
    description = "Manage API principals and their keys (needs --db-url or db.url)")
final class PrincipalCommand implements Callable<Integer> {
  @Mixin HubOptions options;

  @Parameters(index = "0", description = "list | add | revoke | token")
  String action;

  @Parameters(index = "1", arity = "0..1", description = "client id")
  String clientId;

  @Option(names = "--role", description = "sender | analyst | auditor | admin")
  String role;

  @Option(names = "--sender", description = "role sender: the facility id of its sender")
  String senderFacility;

  @Option(
      names = "--public-key",
      description = "PEM public key (RSA ≥ 2048 → RS256, EC P-256 → ES256) for private_key_jwt")
  Path publicKey;

  @Option(names = "--name", description = "a human label")
  String name;

  @Option(names = "--ttl-seconds", description = "token: lifetime; default 300")
  long ttlSeconds = 300;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    HubConfig config = options.resolve(HubConfig.Mode.PRODUCTION);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (config.store().jdbcUrl() == null) {
      err.println("principal: give the hub's database with --db-url or db.url (VIGIL_DB_URL)");
      return 2;
    }
    if (!action.equals("list") && (clientId == null || clientId.isBlank())) {
      err.println("principal " + action + ": a client id is required");
      return 2;
    }
    try (Database db = Database.open(config.store())) {
      PrincipalStore principals = new PrincipalStore(db.dataSource());
      switch (action) {
        case "list" -> {
          out.printf("%-30s %-8s %-8s %-5s %s%n", "CLIENT ID", "ROLE", "SENDER", "KEY", "STATE");
          for (Principal p : principals.list()) {
            out.printf(
                "%-30s %-8s %-8s %-5s %s%n",
                p.clientId(),
                p.role().wireName(),
                p.senderId() == null ? "-" : p.senderId(),
                p.publicKeyPem() == null ? "-" : PublicKeys.algorithmOf(p.publicKeyPem()),
                p.active() ? "active" : "revoked " + p.revokedAt());
          }
        }
        case "add" -> {
          return add(db, principals, out, err);
        }
        case "revoke" -> {
          if (!principals.revoke(clientId)) {
            err.println("principal revoke: no active principal " + clientId);
            return 1;
          }
          out.println("revoked " + clientId);
        }
        case "token" -> {
          return token(config, principals, out, err);
        }
        default -> {
          err.println("principal: unknown action '" + action + "' (list, add, revoke, token)");
          return 2;
        }
      }
    }
    return 0;
  }

  private int add(Database db, PrincipalStore principals, PrintWriter out, PrintWriter err)
      throws Exception {
    Optional<Role> parsed = Role.parse(role);
    if (parsed.isEmpty()) {
      err.println("principal add: --role is one of sender, analyst, auditor, admin");
      return 2;
    }
    Long senderId = null;
    if (parsed.get() == Role.SENDER) {
      if (senderFacility == null) {
        err.println("principal add: a sender principal needs --sender <facility id>");
        return 2;
      }
      senderId = new SenderRegistry(db.dataSource(), false).idOf(senderFacility).orElse(null);
      if (senderId == null) {
        err.println("principal add: no sender " + senderFacility + " (vigil sender add first)");
        return 1;
      }
    }
    String pem = null;
    if (publicKey != null) {
      pem = Files.readString(publicKey);
      try {
        PublicKeys.algorithmOf(pem);
      } catch (IllegalArgumentException e) {
        err.println("principal add: " + e.getMessage());
        return 2;
      }
    }
    principals.save(
        new Principal(clientId, name == null ? clientId : name, parsed.get(), senderId, pem, null));
    out.println("added " + clientId + " as " + parsed.get().wireName());
    return 0;
  }

  private int token(HubConfig config, PrincipalStore principals, PrintWriter out, PrintWriter err)
      throws Exception {
    Optional<Principal> p = principals.find(clientId).filter(Principal::active);
    if (p.isEmpty()) {
      err.println("principal token: no active principal " + clientId);
      return 1;
    }
    Path keyFile = config.auth().tokenSigningKey();
    if (keyFile == null) {
      keyFile = config.dataDir().resolve("token-signer.pem");
    }
    if (!Files.exists(keyFile)) {
      err.println("principal token: no signing key (auth.token-signing-key or a dev data dir)");
      return 2;
    }
    Vertx vertx = Vertx.vertx();
    try {
      AccessTokens tokens =
          new AccessTokens(
              vertx,
              TokenSigningKey.read(keyFile),
              config.auth().issuer(),
              config.auth().audience());
      out.println(tokens.issue(p.get(), Duration.ofSeconds(ttlSeconds), Instant.now()));
    } finally {
      vertx.close();
    }
    return 0;
  }
}
