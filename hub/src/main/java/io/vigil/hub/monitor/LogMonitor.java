package io.vigil.hub.monitor;

import io.vigil.anchoring.chain.ChainException;
import io.vigil.anchoring.checkpoint.Checkpoint;
import io.vigil.anchoring.checkpoint.CheckpointException;
import io.vigil.anchoring.checkpoint.CheckpointVerifier;
import io.vigil.anchoring.checkpoint.NoteVerifierKey;
import io.vigil.anchoring.merkle.ConsistencyProof;
import io.vigil.anchoring.merkle.Hash;
import io.vigil.anchoring.merkle.ProofException;
import io.vigil.anchoring.merkle.ProofVerifier;
import io.vigil.hub.monitor.Finding.Kind;
import io.vigil.hub.monitor.HubLogSource.Anchor;
import io.vigil.hub.monitor.HubLogSource.Listed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An auditor's independent watcher of the hub's submission log. Each {@link #poll()} lists the
 * hub's newest checkpoints and, in ascending size, for every one newer than the last verified:
 *
 * <ol>
 *   <li>verifies the signed note with the pinned log key and origin ({@code BAD_SIGNATURE});
 *   <li>requires the listed size and root to be the note's ({@code REWRITE}: the hub's database was
 *       edited under its signatures);
 *   <li>verifies the hub's consistency proof from the last verified checkpoint ({@code
 *       INCONSISTENT});
 *   <li>when a chain is configured, requires the Anchor contract's root for that size to be the
 *       note's, and a root wherever the hub claims an anchoring ({@code CHAIN_MISMATCH}).
 * </ol>
 *
 * <p>Checkpoints already verified are re-checked against the remembered roots ({@code FORK}), a log
 * smaller than a verified or anchored size is {@code SHRUNK}, and the contract's newest anchored
 * root must be consistent with the last verified checkpoint, so an anchoring that lands after its
 * checkpoint was verified is checked too. The first checkpoint ever seen, and the log key when none
 * is pinned, are trusted on first use; the output says so.
 *
 * <p>Not thread-safe: one poll at a time.
 */
public final class LogMonitor {
  /** Checkpoints asked for per poll; older new ones are covered by the consistency proofs. */
  public static final int PAGE = 100;

  /**
   * What the auditor pinned on the command line; each may be null (then taken on first use).
   *
   * @param logKey the log's verifier key
   * @param origin the log's origin line
   * @param contract the Anchor contract address
   */
  public record Pins(String logKey, String origin, String contract) {
    public static Pins none() {
      return new Pins(null, null, null);
    }
  }

  /** The outcome of one poll: progress lines, and findings (empty when all is well). */
  public record Poll(List<String> lines, List<Finding> findings) {
    public Poll {
      lines = List.copyOf(lines);
      findings = List.copyOf(findings);
    }

    public boolean clean() {
      return findings.isEmpty();
    }
  }

  private final HubLogSource hub;
  private final ChainRoots chain;
  private final MonitorState state;
  private NoteVerifierKey key;

  /**
   * @param hub the hub to audit
   * @param chain the chain to check roots against, or null to skip chain checks
   * @param pins what the auditor pinned; must not contradict {@code state}
   * @param state what earlier runs established (see {@link MonitorState#load}); updated by polls
   * @throws IllegalArgumentException if a pin is malformed or contradicts the state
   */
  public LogMonitor(HubLogSource hub, ChainRoots chain, Pins pins, MonitorState state) {
    this.hub = hub;
    this.chain = chain;
    this.state = state;
    state.logKey = pin("log key", pins.logKey(), state.logKey);
    state.origin = pin("origin", pins.origin(), state.origin);
    state.contract = pin("contract", pins.contract(), state.contract);
    if (state.logKey != null) {
      try {
        key = NoteVerifierKey.parse(state.logKey);
      } catch (CheckpointException e) {
        throw new IllegalArgumentException("malformed log key: " + e.getMessage(), e);
      }
    }
  }

  private static String pin(String what, String given, String stored) {
    if (given == null) {
      return stored;
    }
    if (stored != null && !given.trim().equalsIgnoreCase(stored)) {
      throw new IllegalArgumentException(
          "the state file is pinned to "
              + what
              + " "
              + stored
              + ", not "
              + given
              + "; use another state file to follow another log");
    }
    return given.trim();
  }

  /** The state, as updated by the polls so far (save it to continue after a restart). */
  public MonitorState state() {
    return state;
  }

  /** One round: lists, verifies and advances; never throws for what the hub or chain do. */
  public Poll poll() {
    Round round = new Round();
    round.run();
    return new Poll(round.lines, round.findings);
  }

  /** The working memory of one poll. */
  private final class Round {
    final List<String> lines = new ArrayList<>();
    final List<Finding> findings = new ArrayList<>();
    String origin;

    void run() {
      HubLogSource.Listing listing;
      try {
        listing = hub.checkpoints(PAGE);
      } catch (HubException e) {
        findings.add(e.finding(0));
        return;
      }
      if (!pinKey(listing.logKey())) {
        return;
      }
      List<Listed> ascending =
          listing.checkpoints().stream()
              .sorted(Comparator.comparingLong(Listed::treeSize))
              .toList();
      long newest = ascending.isEmpty() ? 0 : ascending.get(ascending.size() - 1).treeSize();
      if (newest < state.treeSize) {
        alert(
            Kind.SHRUNK,
            newest,
            "the hub's newest checkpoint is size "
                + newest
                + ", but size "
                + state.treeSize
                + " was verified before");
        return;
      }
      if (ascending.isEmpty()) {
        lines.add("no checkpoints published yet");
        return;
      }
      origin = state.origin != null ? state.origin : firstLine(ascending.get(0).note());
      CheckpointVerifier verifier = new CheckpointVerifier(key, origin);
      int fresh = 0;
      for (Listed listed : ascending) {
        if (listed.treeSize() <= state.treeSize) {
          recheck(verifier, listed);
        } else if (verifyNew(verifier, listed)) {
          fresh++;
        }
        if (alerted() || listed.treeSize() > state.treeSize) {
          break; // a new checkpoint that did not verify: later ones cannot be chained to it
        }
      }
      if (!findings.isEmpty() || state.treeSize < newest) {
        return;
      }
      if (fresh == 0) {
        lines.add("up to date size=" + state.treeSize + " root=" + state.rootHash.hex());
      }
      checkChainTail();
    }

    boolean pinKey(Optional<String> advertised) {
      if (key != null) {
        if (advertised.isPresent() && !advertised.get().equals(state.logKey)) {
          lines.add(
              "note: the hub advertises another log key "
                  + advertised.get()
                  + "; checkpoints must still verify with the pinned "
                  + state.logKey);
        }
        return true;
      }
      if (advertised.isEmpty()) {
        alert(Kind.BAD_RESPONSE, 0, "the hub advertises no log key; give --log-key");
        return false;
      }
      try {
        key = NoteVerifierKey.parse(advertised.get());
      } catch (CheckpointException e) {
        alert(Kind.BAD_RESPONSE, 0, "the hub's log key is malformed: " + e.getMessage());
        return false;
      }
      state.logKey = advertised.get();
      lines.add(
          "trusting log key "
              + state.logKey
              + " as the hub advertises it (trust on first use; pin it with --log-key)");
      return true;
    }

    /** A checkpoint at or below the verified size: still signed, still the root verified. */
    void recheck(CheckpointVerifier verifier, Listed listed) {
      Checkpoint checkpoint = verifyNote(verifier, listed);
      if (checkpoint == null) {
        return;
      }
      Hash known = state.verifiedRoot(listed.treeSize());
      if (known != null && !known.equals(checkpoint.rootHash())) {
        alert(
            Kind.FORK,
            listed.treeSize(),
            "the hub now serves a validly signed root "
                + checkpoint.rootHash().hex()
                + " for a size whose verified root is "
                + known.hex());
      }
    }

    /** A checkpoint above the verified size; advances the state if it passes every check. */
    boolean verifyNew(CheckpointVerifier verifier, Listed listed) {
      Checkpoint checkpoint = verifyNote(verifier, listed);
      if (checkpoint == null) {
        return false;
      }
      if (state.treeSize > 0) {
        ConsistencyProof proof;
        try {
          proof = hub.consistency(state.treeSize, checkpoint.size());
        } catch (HubException e) {
          findings.add(e.finding(checkpoint.size()));
          return false;
        }
        try {
          ProofVerifier.verifyConsistency(proof, state.rootHash, checkpoint.rootHash());
        } catch (ProofException e) {
          alert(
              Kind.INCONSISTENT,
              checkpoint.size(),
              "root "
                  + checkpoint.rootHash().hex()
                  + " does not extend the verified size "
                  + state.treeSize
                  + " root "
                  + state.rootHash.hex()
                  + " ("
                  + e.getMessage()
                  + ")");
        }
      }
      String anchoring = checkChain(listed, checkpoint);
      if (alerted()) {
        return false;
      }
      state.advance(checkpoint.size(), checkpoint.rootHash());
      state.origin = origin;
      lines.add(
          "ok size=" + checkpoint.size() + " root=" + checkpoint.rootHash().hex() + anchoring);
      return true;
    }

    Checkpoint verifyNote(CheckpointVerifier verifier, Listed listed) {
      Checkpoint checkpoint;
      try {
        checkpoint = verifier.verify(listed.note());
      } catch (CheckpointException e) {
        alert(
            Kind.BAD_SIGNATURE,
            listed.treeSize(),
            "the checkpoint note does not verify with the pinned log key and origin "
                + origin
                + ": "
                + e.getMessage());
        return null;
      }
      if (checkpoint.size() != listed.treeSize()
          || !checkpoint.rootHash().equals(listed.rootHash())) {
        alert(
            Kind.REWRITE,
            listed.treeSize(),
            "the hub lists root "
                + listed.rootHash().hex()
                + ", but its signed note says size "
                + checkpoint.size()
                + " root "
                + checkpoint.rootHash().hex());
        return null;
      }
      return checkpoint;
    }

    /** Checks the checkpoint against the chain; returns the suffix of its {@code ok} line. */
    String checkChain(Listed listed, Checkpoint checkpoint) {
      Optional<Anchor> claimed = listed.anchor();
      long size = checkpoint.size();
      if (chain == null) {
        return claimed
            .map(a -> " anchored block=" + a.blockNumber() + " (chain not checked: no --rpc)")
            .orElse(" not anchored yet");
      }
      String contract = contract(claimed);
      if (contract == null) {
        return " not anchored yet";
      }
      if (claimed.isPresent()
          && claimed.get().contract() != null
          && !claimed.get().contract().equalsIgnoreCase(contract)) {
        alert(
            Kind.CHAIN_MISMATCH,
            size,
            "the hub says it is anchored in contract "
                + claimed.get().contract()
                + ", but this monitor follows "
                + contract);
        return "";
      }
      try {
        Optional<Hash> onChain = chain.rootOf(contract, size);
        if (onChain.isEmpty()) {
          if (claimed.isPresent()) {
            alert(
                Kind.CHAIN_MISMATCH,
                size,
                "the hub says it was anchored (tx "
                    + claimed.get().txHash()
                    + "), but contract "
                    + contract
                    + " holds no root for it");
            return "";
          }
          return " not anchored yet";
        }
        if (!onChain.get().equals(checkpoint.rootHash())) {
          alert(
              Kind.CHAIN_MISMATCH,
              size,
              "contract "
                  + contract
                  + " holds root "
                  + onChain.get().hex()
                  + ", the signed checkpoint says "
                  + checkpoint.rootHash().hex());
          return "";
        }
        long block =
            chain.anchoredBlock(contract, size).orElse(claimed.map(Anchor::blockNumber).orElse(0L));
        state.chainCheckedSize = Math.max(state.chainCheckedSize, size);
        return " anchored block=" + block;
      } catch (ChainException e) {
        findings.add(
            new Finding(
                Kind.CHAIN_UNREACHABLE,
                size,
                "could not read contract " + contract + ": " + e.getMessage()));
        return " (chain not checked)";
      }
    }

    /** The contract to check: pinned, or the one the hub names (then pinned, and said so). */
    String contract(Optional<Anchor> claimed) {
      if (state.contract == null && claimed.isPresent() && claimed.get().contract() != null) {
        state.contract = claimed.get().contract().toLowerCase(Locale.ROOT);
        lines.add(
            "following Anchor contract "
                + state.contract
                + " as the hub names it (trust on first use; pin it with --contract)");
      }
      return state.contract;
    }

    /**
     * The contract's newest anchored root must be consistent with the last verified checkpoint:
     * covers anchorings that landed after their checkpoint was verified.
     */
    void checkChainTail() {
      if (chain == null || state.contract == null || state.treeSize == 0) {
        return;
      }
      String contract = state.contract;
      try {
        long latest = chain.latestTreeSize(contract);
        if (latest == 0 || latest == state.chainCheckedSize) {
          return;
        }
        if (latest < state.chainCheckedSize) {
          alert(
              Kind.CHAIN_MISMATCH,
              latest,
              "contract "
                  + contract
                  + "'s newest anchored size went back from "
                  + state.chainCheckedSize
                  + " (another chain or contract?)");
          return;
        }
        if (latest > state.treeSize) {
          // The hub may have published and anchored since it was listed: ask again first.
          long newest =
              hub.checkpoints(1).checkpoints().stream().mapToLong(Listed::treeSize).max().orElse(0);
          if (newest < latest) {
            alert(
                Kind.SHRUNK,
                latest,
                "contract "
                    + contract
                    + " anchors this size, but the hub's newest checkpoint is size "
                    + newest);
          }
          return; // otherwise verified in the next poll
        }
        Optional<Hash> root = chain.rootOf(contract, latest);
        if (root.isEmpty()) {
          alert(Kind.CHAIN_MISMATCH, latest, "contract " + contract + " holds no root for it");
          return;
        }
        if (latest == state.treeSize) {
          if (!root.get().equals(state.rootHash)) {
            alert(
                Kind.CHAIN_MISMATCH,
                latest,
                "contract "
                    + contract
                    + " holds root "
                    + root.get().hex()
                    + ", the verified checkpoint says "
                    + state.rootHash.hex());
            return;
          }
        } else {
          ConsistencyProof proof = hub.consistency(latest, state.treeSize);
          ProofVerifier.verifyConsistency(proof, root.get(), state.rootHash);
        }
        state.chainCheckedSize = latest;
        lines.add(
            "ok chain: anchored size="
                + latest
                + " root="
                + root.get().hex()
                + " is consistent with verified size="
                + state.treeSize);
      } catch (ChainException e) {
        findings.add(
            new Finding(
                Kind.CHAIN_UNREACHABLE,
                0,
                "could not read contract " + contract + ": " + e.getMessage()));
      } catch (HubException e) {
        findings.add(e.finding(state.treeSize));
      } catch (ProofException e) {
        alert(
            Kind.CHAIN_MISMATCH,
            state.treeSize,
            "the newest root anchored in contract "
                + contract
                + " is not consistent with the verified checkpoint ("
                + e.getMessage()
                + ")");
      }
    }

    boolean alerted() {
      return findings.stream().anyMatch(f -> f.kind().alert());
    }

    void alert(Kind kind, long size, String message) {
      findings.add(new Finding(kind, size, message));
    }
  }

  private static String firstLine(String note) {
    int newline = note.indexOf('\n');
    return newline < 0 ? note : note.substring(0, newline);
  }
}
