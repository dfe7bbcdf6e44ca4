package io.vigil.hub;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.json.JsonObject;
import io.vigil.anchoring.chain.AnchorClient;
import io.vigil.anchoring.chain.AnchorResult;
import io.vigil.anchoring.chain.AnvilProcess;
import io.vigil.anchoring.chain.ChainConfig;
import io.vigil.anchoring.chain.ChainException;
import io.vigil.anchoring.log.AnchorInfo;
import io.vigil.anchoring.log.CheckpointRecord;
import io.vigil.anchoring.log.CheckpointStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Anchors the newest signed checkpoint on chain, on its own thread so a slow or dead chain never
 * delays checkpoint publication: while the chain is down the backlog grows (metrics), and once it
 * is back one transaction for the newest checkpoint covers every older one.
 */
final class ChainAnchoring implements AutoCloseable {
  /** In the data dir: the pid of the anvil a dev hub runs. */
  static final String ANVIL_PID_FILE = "anvil.pid";

  private static final Logger LOG = LoggerFactory.getLogger(ChainAnchoring.class);

  /** Written by dev mode so {@code vigil verify --data-dir} finds the chain. */
  static final String CHAIN_FILE = "chain.json";

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final AnchorClient client;
  private final CheckpointStore checkpoints;
  private final BooleanSupplier leader;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong backlogCheckpoints = new AtomicLong();
  private final AtomicLong backlogLeaves = new AtomicLong();
  private final AtomicLong chainHeight = new AtomicLong();
  private final DistributionSummary gas;
  private final Timer lag;
  private final Counter transactions;
  private final Counter failures;
  private final String rpcUrl;

  private ChainAnchoring(
      AnchorClient client,
      String rpcUrl,
      CheckpointStore checkpoints,
      BooleanSupplier leader,
      MeterRegistry meters) {
    this.client = client;
    this.rpcUrl = rpcUrl;
    this.checkpoints = checkpoints;
    this.leader = leader;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "vigil-anchoring");
              t.setDaemon(true);
              return t;
            });
    meters.gauge("vigil.anchor.backlog.checkpoints", backlogCheckpoints);
    meters.gauge("vigil.anchor.backlog.leaves", backlogLeaves);
    meters.gauge("vigil.chain.height", chainHeight);
    gas =
        DistributionSummary.builder("vigil.anchor.gas")
            .description("Gas used per anchoring transaction")
            .register(meters);
    lag =
        Timer.builder("vigil.anchor.lag")
            .description("From checkpoint signed to its block's timestamp")
            .publishPercentileHistogram()
            .register(meters);
    transactions =
        Counter.builder("vigil.anchor.transactions")
            .description("Anchoring transactions mined")
            .register(meters);
    failures =
        Counter.builder("vigil.anchor.failures")
            .description("Anchoring attempts that failed (retried on the next tick)")
            .register(meters);
  }

  /** Connects (dev: starts anvil and deploys the contract); null when anchoring is off. */
  static ChainAnchoring start(
      HubConfig config, CheckpointStore checkpoints, BooleanSupplier leader, MeterRegistry meters)
      throws Exception {
    ChainSettings chain = config.chain();
    if (chain.mode() == ChainSettings.Mode.OFF) {
      LOG.warn("chain anchoring is off: checkpoints are signed but not anchored");
      return null;
    }
    Deque<AutoCloseable> opened = new ArrayDeque<>();
    try {
      ChainConfig chainConfig;
      if (chain.mode() == ChainSettings.Mode.ANVIL) {
        Files.createDirectories(config.dataDir());
        Path stateFile = config.dataDir().resolve("anvil-state.json").toAbsolutePath();
        Path pidFile = config.dataDir().resolve(ANVIL_PID_FILE);
        stopLeftoverAnvil(pidFile, stateFile);
        AnvilProcess anvil =
            AnvilProcess.builder().stateFile(stateFile).hardfork("shanghai").start();
        opened.push(
            () -> {
              anvil.close();
              Files.deleteIfExists(pidFile);
            });
        Files.writeString(pidFile, anvil.pid() + "\n", StandardCharsets.US_ASCII);
        chainConfig =
            ChainConfig.defaults(anvil.rpcUrl(), anvil.devOnlyPrivateKey(0))
                .withGasMode(chain.gasMode())
                .withExpectedChainId(AnvilProcess.CHAIN_ID)
                .withLogsRange(chain.logsBlockSpan(), 0);
        chainConfig = withDevContract(config.dataDir(), chainConfig);
      } else {
        if (chain.rpcUrl() == null || chain.contract() == null || chain.privateKey() == null) {
          throw new IllegalStateException(
              "chain.mode=rpc needs chain.rpc-url, chain.contract and chain.private-key"
                  + " (or chain.mode=off)");
        }
        chainConfig =
            ChainConfig.defaults(chain.rpcUrl(), chain.privateKey())
                .withContractAddress(chain.contract())
                .withGasMode(chain.gasMode())
                .withExpectedChainId(chain.chainId())
                .withLogsRange(chain.logsBlockSpan(), chain.deploymentBlock());
      }
      AnchorClient client = new AnchorClient(chainConfig);
      opened.push(client);
      ensureWriter(client);
      ChainAnchoring anchoring =
          new ChainAnchoring(client, chainConfig.rpcUrl(), checkpoints, leader, meters);
      anchoring.resources.addAll(opened);
      if (chain.mode() == ChainSettings.Mode.ANVIL) {
        anchoring.writeChainFile(config.dataDir());
      }
      LOG.info(
          "chain anchoring ready [mode: {}, rpc: {}, chainId: {}, contract: {}, account: {}]",
          chain.mode(),
          chainConfig.rpcUrl(),
          client.chainId(),
          client.contractAddress().orElse("?"),
          client.accountAddress());
      return anchoring;
    } catch (Exception | Error e) {
      while (!opened.isEmpty()) {
        opened.pop().close();
      }
      throw e;
    }
  }

  /**
   * An anvil that a hub killed with {@code kill -9} left running (the JVM's hook that stops it
   * never ran): {@code anvil.pid} names it and its {@code --state} is this data dir's state file.
   * Stopped with SIGTERM, so it writes the state the next anvil loads. Safe only while the data dir
   * is held ({@link DataDirLock}): the dev hub takes it before anything else.
   */
  static void stopLeftoverAnvil(Path pidFile, Path stateFile) {
    LeftoverProcess.find(pidFile, stateFile)
        .ifPresent(anvil -> anvil.stop("anvil", pidFile.toAbsolutePath().getParent()));
  }

  /** Dev mode deploys once; the contract survives restarts in anvil's state file. */
  private static ChainConfig withDevContract(Path dataDir, ChainConfig chainConfig)
      throws Exception {
    Path file = dataDir.resolve("anchor-contract.txt");
    if (Files.exists(file)) {
      ChainConfig known =
          chainConfig.withContractAddress(Files.readString(file, StandardCharsets.US_ASCII).trim());
      try (AnchorClient probe = new AnchorClient(known)) {
        probe.owner();
        return known;
      } catch (ChainException | RuntimeException e) {
        LOG.warn("dev Anchor contract not found on the chain, deploying a new one");
      }
    }
    try (AnchorClient deployer = new AnchorClient(chainConfig)) {
      String address = deployer.deploy();
      Files.writeString(file, address + "\n", StandardCharsets.US_ASCII);
      return chainConfig.withContractAddress(address);
    }
  }

  private static void ensureWriter(AnchorClient client) throws ChainException {
    String me = client.accountAddress();
    if (client.isWriter(me)) {
      return;
    }
    if (client.owner().equalsIgnoreCase(me)) {
      client.addWriter(me);
      LOG.info("anchoring account allowlisted as writer [account: {}]", me);
    } else {
      LOG.error(
          "anchoring account is not an allowlisted writer; ask the contract owner to add it"
              + " [account: {}]",
          me);
    }
  }

  private void writeChainFile(Path dataDir) throws Exception {
    JsonObject json =
        new JsonObject()
            .put("rpcUrl", rpcUrl)
            .put("chainId", client.chainId())
            .put("contract", client.contractAddress().orElse(null));
    Files.writeString(dataDir.resolve(CHAIN_FILE), json.encodePrettily(), StandardCharsets.UTF_8);
  }

  void start(Duration interval) {
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::tick, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** One round: anchor the newest unanchored checkpoint, if this instance leads. */
  synchronized void tick() {
    if (!leader.getAsBoolean()) {
      return;
    }
    try {
      refreshBacklog();
      Optional<CheckpointRecord> pending = checkpoints.newestUnanchored();
      if (pending.isEmpty()) {
        return;
      }
      CheckpointRecord cp = pending.get();
      AnchorResult r = client.anchor(cp.treeSize(), cp.rootHash().bytes());
      checkpoints.markAnchored(
          cp.treeSize(),
          new AnchorInfo(
              r.chainId(),
              r.contractAddress(),
              r.txHash(),
              r.blockNumber(),
              r.blockTime(),
              r.gasUsed()));
      transactions.increment();
      gas.record(r.gasUsed());
      lag.record(Duration.between(cp.createdAt(), r.blockTime()).abs());
      chainHeight.set(r.blockNumber());
      refreshBacklog();
      LOG.info(
          "checkpoint anchored [size: {}, tx: {}, block: {}, gas: {}]",
          cp.treeSize(),
          r.txHash(),
          r.blockNumber(),
          r.gasUsed());
    } catch (Exception e) {
      failures.increment();
      LOG.warn("anchoring failed, backlog kept for the next attempt [error: {}]", e.getMessage());
    }
  }

  private void refreshBacklog() throws Exception {
    backlogCheckpoints.set(checkpoints.unanchoredCount());
    long latest = checkpoints.latest().map(CheckpointRecord::treeSize).orElse(0L);
    long anchored = checkpoints.latestAnchored().map(CheckpointRecord::treeSize).orElse(0L);
    backlogLeaves.set(Math.max(0, latest - anchored));
    try {
      chainHeight.set(client.blockNumber());
    } catch (ChainException e) {
      // reported by the anchoring attempt itself
    }
  }

  String rpcUrl() {
    return rpcUrl;
  }

  Optional<String> contract() {
    return client.contractAddress();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    while (!resources.isEmpty()) {
      try {
        resources.pop().close();
      } catch (Exception e) {
        LOG.warn("error closing chain resources [error: {}]", e.toString());
      }
    }
  }
}
