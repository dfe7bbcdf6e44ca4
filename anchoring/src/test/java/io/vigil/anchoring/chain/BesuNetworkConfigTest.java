package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/**
 * Checks {@code besu-network/} against itself: the QBFT extraData in genesis.json is recomputed
 * from the committed validator keys, enodes and account allowlists match the keys, the fork matches
 * the contract's EVM version, and no node exposes more JSON-RPC than intended.
 */
class BesuNetworkConfigTest {

  private static final Path NETWORK = Path.of("..", "besu-network");
  private static final List<String> VALIDATORS = List.of("node-1", "node-2", "node-3", "node-4");

  private static JsonNode genesis() throws IOException {
    return new ObjectMapper().readTree(NETWORK.resolve("genesis.json").toFile());
  }

  private static String read(String file) throws IOException {
    return Files.readString(NETWORK.resolve(file)).strip();
  }

  /** Public key of a node, after checking it belongs to the committed DEV-ONLY private key. */
  private static BigInteger publicKey(String node) throws IOException {
    ECKeyPair pair = ECKeyPair.create(Numeric.toBigInt(read(node + "/DEV-ONLY-node.key")));
    BigInteger committed = Numeric.toBigInt(read(node + "/DEV-ONLY-node.pub"));
    assertThat(committed).as(node + " public key file").isEqualTo(pair.getPublicKey());
    return committed;
  }

  @Test
  void extraDataEncodesTheFourValidatorsForQbft() throws IOException {
    List<byte[]> addresses = new ArrayList<>();
    for (String node : VALIDATORS) {
      addresses.add(Numeric.hexStringToByteArray(Keys.getAddress(publicKey(node))));
    }
    addresses.sort(Comparator.comparing(Numeric::toHexString));
    List<RlpType> validators = new ArrayList<>();
    addresses.forEach(a -> validators.add(RlpString.create(a)));
    // RLP([32-byte vanity, [validators], vote: [], round: 0 (empty scalar), seals: []]), as
    // Besu's QbftExtraDataCodec / `besu rlp encode --type=QBFT_EXTRA_DATA` produce it.
    byte[] expected =
        RlpEncoder.encode(
            new RlpList(
                RlpString.create(new byte[32]),
                new RlpList(validators),
                new RlpList(),
                RlpString.create(new byte[0]),
                new RlpList()));
    assertThat(genesis().path("extraData").asText()).isEqualTo(Numeric.toHexString(expected));
  }

  @Test
  void genesisIsAFreeGasShanghaiQbftChainWithTwoSecondBlocks() throws IOException {
    JsonNode config = genesis().path("config");
    assertThat(config.path("chainId").asLong()).isEqualTo(48815);
    assertThat(config.path("zeroBaseFee").asBoolean()).isTrue();
    assertThat(config.path("londonBlock").asLong(-1)).isZero();
    assertThat(config.path("shanghaiTime").asLong(-1)).isZero();
    assertThat(config.has("cancunTime")).isFalse();
    // The committed contract bytecode must run on this fork.
    assertThat(AnchorArtifact.committed().evmVersion()).isEqualTo("shanghai");
    assertThat(config.path("qbft").path("blockperiodseconds").asInt()).isEqualTo(2);
    assertThat(config.path("qbft").path("epochlength").asInt()).isPositive();
    assertThat(config.path("qbft").path("requesttimeoutseconds").asInt()).isGreaterThan(2);
  }

  @Test
  void allowlistsNameExactlyTheCommittedNodesAndAccounts() throws IOException {
    String permissions = read("permissions_config.toml");
    for (String node : List.of("node-1", "node-2", "node-3", "node-4", "rpc-node")) {
      String enode =
          "enode://"
              + Numeric.toHexStringNoPrefixZeroPadded(publicKey(node), 128)
              + "@"
              + node
              + ":30303";
      assertThat(permissions).contains("\"" + enode + "\"");
    }
    assertThat(permissions.split("enode://", -1)).hasSize(6);
    for (String account : List.of("deployer", "anchoring-1")) {
      String key = read("accounts/DEV-ONLY-" + account + ".key");
      String address = read("accounts/DEV-ONLY-" + account + ".address");
      assertThat(ChainConfig.defaults("http://x", key).accountAddress()).isEqualTo(address);
      assertThat(permissions).contains("\"" + address + "\"");
      assertThat(genesis().path("alloc").has(address)).isTrue();
    }
  }

  @Test
  void onlyTheRpcNodeServesJsonRpcAndOnlyPlainEthereumApis() throws IOException {
    for (String node : VALIDATORS) {
      String config = read(node + "/config.toml");
      assertThat(config).contains("rpc-http-enabled=false").doesNotContain("rpc-http-api");
      assertThat(config).contains("permissions-nodes-config-file-enabled=true");
      assertThat(config).contains("permissions-accounts-config-file-enabled=true");
      assertThat(config)
          .contains("node-private-key-file=\"/config/" + node + "/DEV-ONLY-node.key\"");
    }
    String rpc = read("rpc-node/config.toml").replaceAll("(?m)^#.*$", "");
    assertThat(rpc)
        .contains("rpc-http-enabled=true")
        .contains("rpc-http-api=[\"ETH\",\"NET\",\"WEB3\"]");
    assertThat(rpc).doesNotContain("ADMIN").doesNotContain("DEBUG").doesNotContain("\"*\"");
    assertThat(rpc).contains("host-allowlist=[");
    assertThat(rpc).contains("permissions-accounts-config-file-enabled=true");
  }
}
