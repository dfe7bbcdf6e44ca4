package io.vigil.hub.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.anchoring.chain.ChainException;
import io.vigil.anchoring.chain.ChainUnavailableException;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointSigner;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.InMemoryMerkleLog;
import io.vigil.anchoring.merkle.MerkleHash;
import io.vigil.hub.monitor.Finding.Kind;
import io.vigil.hub.monitor.HubLogSource.Anchor;
import io.vigil.hub.monitor.HubLogSource.Listed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogMonitorTest {
  static final String ORIGIN = "vigil.test/log";
  static final String CONTRACT = "0x00000000000000000000000000000000000000aa";
  static final CheckpointSigner SIGNER = CheckpointSigner.generate(ORIGIN);

  final FakeChain chain = new FakeChain();
  final FakeHub hub = new FakeHub(SIGNER);

  LogMonitor monitor(MonitorState state) {
    return new LogMonitor(hub, chain, LogMonitor.Pins.none(), state);
  }

  LogMonitor pinnedToContract() {
    return new LogMonitor(
        hub, chain, new LogMonitor.Pins(null, null, CONTRACT), MonitorState.empty());
  }

  static List<Kind> kinds(LogMonitor.Poll poll) {
    return poll.findings().stream().map(Finding::kind).toList();
  }

  @Test
  void aGrowingSignedAnchoredLogPassesAndContinuesAfterARestart(@TempDir Path dir)
      throws Exception {
    hub.append(3);
    hub.publishAnchored(chain);
    LogMonitor monitor = monitor(MonitorState.empty());

    LogMonitor.Poll first = monitor.poll();
    assertThat(first.findings()).isEmpty();
    assertThat(first.lines())
        .anySatisfy(l -> assertThat(l).startsWith("trusting log key " + SIGNER.verifierKey()))
        .anySatisfy(l -> assertThat(l).startsWith("following Anchor contract " + CONTRACT))
        .contains("ok size=3 root=" + hub.log.root(3).hex() + " anchored block=103");

    hub.append(2);
    hub.publishAnchored(chain);
    hub.append(2);
    hub.publish(); // size 7, not anchored yet
    LogMonitor.Poll second = monitor.poll();
    assertThat(second.findings()).isEmpty();
    assertThat(second.lines())
        .containsExactly(
            "ok size=5 root=" + hub.log.root(5).hex() + " anchored block=105",
            "ok size=7 root=" + hub.log.root(7).hex() + " not anchored yet");
    assertThat(hub.consistencyRequests).containsExactly("3→5", "5→7");

    chain.anchor(7, hub.log.root(7));
    LogMonitor.Poll third = monitor.poll();
    assertThat(third.findings()).isEmpty();
    assertThat(third.lines())
        .containsExactly(
            "up to date size=7 root=" + hub.log.root(7).hex(),
            "ok chain: anchored size=7 root="
                + hub.log.root(7).hex()
                + " is consistent with verified size=7");

    monitor.state().save(dir.resolve("state.json"));
    hub.append(1);
    hub.publish();
    LogMonitor restarted = monitor(MonitorState.load(dir.resolve("state.json")));
    LogMonitor.Poll fourth = restarted.poll();
    assertThat(fourth.findings()).isEmpty();
    assertThat(fourth.lines())
        .containsExactly("ok size=8 root=" + hub.log.root(8).hex() + " not anchored yet");
    assertThat(hub.consistencyRequests).endsWith("7→8");
  }

  @Test
  void anAnchoringThatLandsLaterIsCheckedForConsistencyWithTheVerifiedLog() throws Exception {
    hub.append(4);
    hub.publish();
    hub.append(4);
    hub.publish();
    LogMonitor monitor = pinnedToContract();
    assertThat(monitor.poll().findings()).isEmpty();

    chain.anchor(4, hub.log.root(4));
    LogMonitor.Poll poll = monitor.poll();
    assertThat(poll.findings()).isEmpty();
    assertThat(poll.lines())
        .contains(
            "ok chain: anchored size=4 root="
                + hub.log.root(4).hex()
                + " is consistent with verified size=8");
  }

  @Test
  void aRootRewrittenInTheHubDatabaseIsAReWrite() throws Exception {
    hub.append(3);
    hub.publishAnchored(chain);
    LogMonitor monitor = monitor(MonitorState.empty());
    assertThat(monitor.poll().clean()).isTrue();

    Hash forged = MerkleHash.sha256("forged".getBytes(StandardCharsets.UTF_8));
    hub.replace(3, l -> new Listed(3, forged, l.note(), l.anchor()));
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.REWRITE);
    assertThat(poll.findings().get(0).render())
        .startsWith("ALERT REWRITE size=3: the hub lists root " + forged.hex())
        .contains("its signed note says size 3 root " + hub.log.root(3).hex());

    // A monitor that never saw the log sees it too: the listing contradicts its own signature.
    assertThat(kinds(monitor(MonitorState.empty()).poll())).containsExactly(Kind.REWRITE);
  }

  @Test
  void aResignedRewriteIsAForkAndTheChainStillHoldsTheTruth() throws Exception {
    hub.append(3);
    hub.publishAnchored(chain);
    LogMonitor monitor = monitor(MonitorState.empty());
    assertThat(monitor.poll().clean()).isTrue();

    // The key holder rewrites history: other leaves, re-signed checkpoint, same anchor claim.
    hub.rewriteHistory("other");
    hub.append(3);
    Listed resigned = hub.publish();
    hub.replace(3, l -> new Listed(3, l.rootHash(), l.note(), Optional.of(anchor(3))));
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.FORK);
    assertThat(poll.findings().get(0).message()).contains(resigned.rootHash().hex());

    LogMonitor.Poll fresh = monitor(MonitorState.empty()).poll();
    assertThat(kinds(fresh)).containsExactly(Kind.CHAIN_MISMATCH);
    assertThat(fresh.findings().get(0).message())
        .contains("holds root " + chain.roots.get(3L).hex());
  }

  @Test
  void aCheckpointNotSignedByThePinnedKeyIsABadSignature() throws Exception {
    CheckpointSigner impostor = CheckpointSigner.generate(ORIGIN);
    hub.append(2);
    hub.publish();
    LogMonitor pinned =
        new LogMonitor(
            hub,
            null,
            new LogMonitor.Pins(impostor.verifierKey().render(), null, null),
            MonitorState.empty());
    LogMonitor.Poll poll = pinned.poll();
    assertThat(kinds(poll)).containsExactly(Kind.BAD_SIGNATURE);
    assertThat(poll.findings().get(0).message()).contains("NO_TRUSTED_SIGNATURE");
    assertThat(pinned.state().treeSize()).isZero();

    LogMonitor wrongOrigin =
        new LogMonitor(
            hub, null, new LogMonitor.Pins(null, "other.test/log", null), MonitorState.empty());
    assertThat(wrongOrigin.poll().findings().get(0).message()).contains("WRONG_ORIGIN");

    // A later checkpoint signed by someone else, after a good start.
    LogMonitor monitor = monitor(MonitorState.empty());
    assertThat(monitor.poll().clean()).isTrue();
    hub.append(2);
    Hash root = hub.log.root();
    hub.listed.add(
        new Listed(4, root, impostor.sign(Checkpoint.of(ORIGIN, 4, root)), Optional.empty()));
    assertThat(kinds(monitor.poll())).containsExactly(Kind.BAD_SIGNATURE);
    assertThat(monitor.state().treeSize()).isEqualTo(2);
  }

  @Test
  void aCheckpointThatDoesNotExtendTheVerifiedOneIsInconsistent() throws Exception {
    hub.append(3);
    hub.publish();
    LogMonitor monitor = monitor(MonitorState.empty());
    assertThat(monitor.poll().clean()).isTrue();

    // Validly signed, but over a different history: no honest proof can exist.
    hub.rewriteHistory("fork");
    hub.append(5);
    hub.publish();
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.INCONSISTENT);
    assertThat(poll.findings().get(0).render())
        .startsWith("ALERT INCONSISTENT size=5: root " + hub.log.root(5).hex())
        .contains("ROOT_MISMATCH");
    assertThat(monitor.state().treeSize()).isEqualTo(3);
  }

  @Test
  void aTamperedConsistencyProofIsInconsistent() throws Exception {
    hub.append(3);
    hub.publish();
    LogMonitor monitor = monitor(MonitorState.empty());
    assertThat(monitor.poll().clean()).isTrue();
    hub.append(3);
    hub.publish();
    hub.proofs =
        p -> {
          List<Hash> hashes = new ArrayList<>(p.hashes());
          hashes.remove(hashes.size() - 1);
          return new ConsistencyProof(p.oldSize(), p.newSize(), hashes);
        };
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.INCONSISTENT);
    assertThat(poll.findings().get(0).message()).contains("WRONG_PROOF_SIZE");
  }

  @Test
  void aRootTheChainDoesNotHoldIsAChainMismatch() throws Exception {
    hub.append(3);
    hub.publishAnchored(chain);
    chain.roots.put(3L, MerkleHash.sha256(new byte[] {1}));
    LogMonitor.Poll poll = monitor(MonitorState.empty()).poll();
    assertThat(kinds(poll)).containsExactly(Kind.CHAIN_MISMATCH);
    assertThat(poll.findings().get(0).message())
        .isEqualTo(
            "contract "
                + CONTRACT
                + " holds root "
                + chain.roots.get(3L).hex()
                + ", the signed checkpoint says "
                + hub.log.root(3).hex());
  }

  @Test
  void anAnchoringTheChainDoesNotKnowIsAChainMismatch() throws Exception {
    hub.append(3);
    hub.publishAnchored(chain);
    chain.roots.clear();
    LogMonitor.Poll poll = monitor(MonitorState.empty()).poll();
    assertThat(kinds(poll)).containsExactly(Kind.CHAIN_MISMATCH);
    assertThat(poll.findings().get(0).message()).contains("holds no root for it");
  }

  @Test
  void aLaterAnchoredRootThatIsNotInTheVerifiedLogIsAChainMismatch() throws Exception {
    hub.append(4);
    hub.publish();
    hub.append(4);
    hub.publish();
    LogMonitor monitor = pinnedToContract();
    assertThat(monitor.poll().clean()).isTrue();
    chain.anchor(4, MerkleHash.sha256(new byte[] {4}));
    assertThat(kinds(monitor.poll())).containsExactly(Kind.CHAIN_MISMATCH);
  }

  @Test
  void aLogSmallerThanWhatWasVerifiedOrAnchoredHasShrunk() throws Exception {
    hub.append(3);
    hub.publish();
    hub.append(2);
    hub.publish();
    LogMonitor monitor = pinnedToContract();
    assertThat(monitor.poll().clean()).isTrue();

    hub.listed.removeIf(l -> l.treeSize() == 5);
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.SHRUNK);
    assertThat(poll.findings().get(0).render())
        .isEqualTo(
            "ALERT SHRUNK size=3: the hub's newest checkpoint is size 3, but size 5 was verified"
                + " before");

    // Rolled back before this monitor saw it: the chain remembers the larger size.
    LogMonitor fresh = pinnedToContract();
    chain.anchor(5, hub.log.root(5));
    assertThat(kinds(fresh.poll())).containsExactly(Kind.SHRUNK);
  }

  @Test
  void anUnreachableHubIsAWarningAndNothingAdvances() throws Exception {
    hub.append(1);
    hub.publish();
    hub.down = true;
    LogMonitor monitor = monitor(MonitorState.empty());
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.HUB_UNREACHABLE);
    assertThat(poll.findings().get(0).render()).startsWith("WARN HUB_UNREACHABLE: ");
    assertThat(monitor.state().treeSize()).isZero();
    hub.down = false;
    assertThat(monitor.poll().clean()).isTrue();
  }

  @Test
  void anUnreadableChainIsAWarningAndTheLogIsStillFollowed() throws Exception {
    hub.append(2);
    hub.publishAnchored(chain);
    chain.down = true;
    LogMonitor monitor = monitor(MonitorState.empty());
    LogMonitor.Poll poll = monitor.poll();
    assertThat(kinds(poll)).containsExactly(Kind.CHAIN_UNREACHABLE);
    assertThat(poll.lines())
        .contains("ok size=2 root=" + hub.log.root(2).hex() + " (chain not checked)");
    chain.down = false;
    LogMonitor.Poll later = monitor.poll();
    assertThat(later.findings()).isEmpty();
    assertThat(later.lines())
        .anySatisfy(l -> assertThat(l).startsWith("ok chain: anchored size=2"));
  }

  @Test
  void pinsMustAgreeWithTheStateFile() {
    MonitorState state = pinnedToContract().state();
    assertThatThrownBy(
            () ->
                new LogMonitor(
                    hub, chain, new LogMonitor.Pins(null, null, "0x" + "b".repeat(40)), state))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pinned to contract " + CONTRACT);
    assertThatThrownBy(
            () ->
                new LogMonitor(
                    hub, chain, new LogMonitor.Pins("not-a-key", null, null), MonitorState.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("malformed log key");
  }

  static Anchor anchor(long size) {
    return new Anchor(CONTRACT, "0xtx" + size, 100 + size);
  }

  /** A hub over an in-memory log that tests can tamper with. */
  static final class FakeHub implements HubLogSource {
    final CheckpointSigner signer;
    final List<Listed> listed = new ArrayList<>();
    final List<String> consistencyRequests = new ArrayList<>();
    InMemoryMerkleLog log = new InMemoryMerkleLog();
    String leafPrefix = "leaf";
    UnaryOperator<ConsistencyProof> proofs = p -> p;
    boolean down;

    FakeHub(CheckpointSigner signer) {
      this.signer = signer;
    }

    void append(int count) {
      for (int i = 0; i < count; i++) {
        log.append((leafPrefix + "-" + log.size()).getBytes(StandardCharsets.UTF_8));
      }
    }

    Listed publish() {
      long size = log.size();
      Hash root = log.root(size);
      Listed l =
          new Listed(size, root, signer.sign(Checkpoint.of(ORIGIN, size, root)), Optional.empty());
      listed.removeIf(x -> x.treeSize() == size);
      listed.add(l);
      return l;
    }

    void publishAnchored(FakeChain chain) {
      Listed l = publish();
      chain.anchor(l.treeSize(), l.rootHash());
      replace(
          l.treeSize(),
          x -> new Listed(x.treeSize(), x.rootHash(), x.note(), Optional.of(anchor(x.treeSize()))));
    }

    /** Starts the log over with other leaves (the published list is kept until republished). */
    void rewriteHistory(String prefix) {
      log = new InMemoryMerkleLog();
      leafPrefix = prefix;
    }

    void replace(long size, UnaryOperator<Listed> change) {
      listed.replaceAll(l -> l.treeSize() == size ? change.apply(l) : l);
    }

    @Override
    public Listing checkpoints(int limit) throws HubException {
      if (down) {
        throw new HubException(false, "GET /api/v1/log/checkpoints failed: Connection refused");
      }
      return new Listing(
          listed.stream()
              .sorted(Comparator.comparingLong(Listed::treeSize).reversed())
              .limit(limit)
              .toList(),
          Optional.of(signer.verifierKey().render()));
    }

    @Override
    public ConsistencyProof consistency(long from, long to) throws HubException {
      if (down) {
        throw new HubException(false, "GET /api/v1/log/consistency failed: Connection refused");
      }
      consistencyRequests.add(from + "→" + to);
      return proofs.apply(log.consistencyProof(from, to));
    }
  }

  /** One Anchor contract. */
  static final class FakeChain implements ChainRoots {
    final Map<Long, Hash> roots = new HashMap<>();
    boolean down;

    void anchor(long size, Hash root) {
      roots.put(size, root);
    }

    private void check(String contract) throws ChainException {
      if (down) {
        throw new ChainUnavailableException("connection refused");
      }
      assertThat(contract).isEqualTo(CONTRACT);
    }

    @Override
    public Optional<Hash> rootOf(String contract, long treeSize) throws ChainException {
      check(contract);
      return Optional.ofNullable(roots.get(treeSize));
    }

    @Override
    public long latestTreeSize(String contract) throws ChainException {
      check(contract);
      return roots.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    @Override
    public OptionalLong anchoredBlock(String contract, long treeSize) throws ChainException {
      check(contract);
      return roots.containsKey(treeSize) ? OptionalLong.of(100 + treeSize) : OptionalLong.empty();
    }
  }
}
