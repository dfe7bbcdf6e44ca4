package io.vigil.anchoring.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.crypto.Hash;

class AnchorContractTest {

  private static final String WRITER = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

  private static String revertData(String signature, org.web3j.abi.datatypes.Type<?>... args) {
    return Hash.sha3String(signature).substring(0, 10)
        + FunctionEncoder.encodeConstructor(List.of(args));
  }

  @Test
  void decodesCustomErrorsWithTheirArguments() {
    assertThat(AnchorContract.decodeRevert(revertData("NotWriter(address)", new Address(WRITER))))
        .hasValue(new AnchorContract.Revert("NotWriter", "NotWriter(caller=" + WRITER + ")"));
    assertThat(
            AnchorContract.decodeRevert(
                revertData("TreeSizeNotIncreasing(uint64,uint64)", new Uint64(9), new Uint64(7))))
        .hasValue(
            new AnchorContract.Revert(
                "TreeSizeNotIncreasing", "TreeSizeNotIncreasing(latestTreeSize=9, treeSize=7)"));
    assertThat(AnchorContract.decodeRevert(revertData("ZeroRoot()")))
        .hasValue(new AnchorContract.Revert("ZeroRoot", "ZeroRoot()"));
    assertThat(AnchorContract.decodeRevert(revertData("NotOwner(address)", new Address(WRITER))))
        .map(AnchorContract.Revert::name)
        .hasValue("NotOwner");
  }

  @Test
  void decodesSolidityBuiltInErrors() {
    assertThat(AnchorContract.decodeRevert(revertData("Error(string)", new Utf8String("boom"))))
        .hasValue(new AnchorContract.Revert("Error", "Error(message=boom)"));
    assertThat(AnchorContract.decodeRevert(revertData("Panic(uint256)", new Uint256(0x11))))
        .hasValue(new AnchorContract.Revert("Panic", "Panic(code=17)"));
  }

  @Test
  void findsRevertDataInsideANodeMessage() {
    String data = revertData("NotWriter(address)", new Address(WRITER));
    assertThat(AnchorContract.decodeRevert("execution reverted: custom error " + data))
        .map(AnchorContract.Revert::name)
        .hasValue("NotWriter");
    assertThat(
            AnchorContract.decodeRevert(
                "{\"data\":\"" + data.toUpperCase().replace("0X", "0x") + "\"}"))
        .map(AnchorContract.Revert::name)
        .hasValue("NotWriter");
  }

  @Test
  void unknownOrMissingDataDecodesToNothing() {
    assertThat(AnchorContract.decodeRevert(null)).isEmpty();
    assertThat(AnchorContract.decodeRevert("0x")).isEmpty();
    assertThat(AnchorContract.decodeRevert("execution reverted")).isEmpty();
    assertThat(AnchorContract.decodeRevert("0xdeadbeef")).isEmpty();
  }

  @Test
  void truncatedArgumentsStillNameTheError() {
    String data = revertData("TreeSizeNotIncreasing(uint64,uint64)", new Uint64(9), new Uint64(7));
    assertThat(AnchorContract.decodeRevert(data.substring(0, 10 + 64)))
        .map(AnchorContract.Revert::name)
        .hasValue("TreeSizeNotIncreasing");
  }

  @Test
  void customErrorsMatchTheCommittedAbi() {
    List<String> abiErrors = new ArrayList<>();
    for (JsonNode entry : AnchorArtifact.committed().abi()) {
      if (entry.path("type").asText().equals("error")) {
        abiErrors.add(signature(entry));
      }
    }
    assertThat(AnchorContract.CUSTOM_ERRORS.stream().map(AnchorContract.ErrorDef::signature))
        .containsExactlyInAnyOrderElementsOf(abiErrors);
  }

  @Test
  void callsAndEventMatchTheCommittedAbi() {
    Map<String, String> selectors = new HashMap<>();
    String anchoredEvent = null;
    for (JsonNode entry : AnchorArtifact.committed().abi()) {
      String type = entry.path("type").asText();
      if (type.equals("function")) {
        selectors.put(
            entry.path("name").asText(), Hash.sha3String(signature(entry)).substring(0, 10));
      } else if (type.equals("event") && entry.path("name").asText().equals("Anchored")) {
        anchoredEvent = signature(entry);
      }
    }
    assertThat(AnchorContract.anchor(1, new byte[32])).startsWith(selectors.get("anchor"));
    assertThat(AnchorContract.rootOf(1)).startsWith(selectors.get("rootOf"));
    assertThat(AnchorContract.latestTreeSize()).isEqualTo(selectors.get("latestTreeSize"));
    assertThat(AnchorContract.owner()).isEqualTo(selectors.get("owner"));
    assertThat(AnchorContract.isWriter(WRITER)).startsWith(selectors.get("isWriter"));
    assertThat(AnchorContract.addWriter(WRITER)).startsWith(selectors.get("addWriter"));
    assertThat(AnchorContract.removeWriter(WRITER)).startsWith(selectors.get("removeWriter"));
    assertThat(AnchorContract.transferOwnership(WRITER))
        .startsWith(selectors.get("transferOwnership"));
    assertThat(anchoredEvent).isEqualTo("Anchored(uint64,bytes32,address)");
    assertThat(AnchorContract.ANCHORED_TOPIC).isEqualTo(Hash.sha3String(anchoredEvent));
  }

  @Test
  void treeSizeTopicIsAPaddedWord() {
    assertThat(AnchorContract.treeSizeTopic(9)).isEqualTo("0x" + "0".repeat(63) + "9");
  }

  @Test
  void committedArtifactTargetsTheBesuFork() {
    assertThat(AnchorArtifact.committed().evmVersion()).isEqualTo("shanghai");
    assertThat(AnchorArtifact.committed().bytecode()).startsWith("0x60");
  }

  private static String signature(JsonNode entry) {
    List<String> types = new ArrayList<>();
    entry.path("inputs").forEach(input -> types.add(input.path("type").asText()));
    return entry.path("name").asText() + "(" + String.join(",", types) + ")";
  }
}
