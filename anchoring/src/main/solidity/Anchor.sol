// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

/// @title Anchor: checkpoints of the Vigil submission log
/// @notice Stores the Merkle root of the submission log for strictly increasing tree sizes. Only
/// writers allowlisted by the owner may anchor, so several agencies can share one network, each
/// with its own deployment or its own writer accounts.
/// @dev Compiled by compile.mjs (solc-js, standard JSON, evmVersion "shanghai"); the artifact is
/// committed as src/main/resources/io/vigil/anchoring/chain/Anchor.json and SolcArtifactIT fails
/// when this file and the artifact disagree.
contract Anchor {
    /// @notice The account that manages the writer allowlist.
    address public owner;

    /// @notice The largest tree size anchored so far (0 before the first anchor).
    uint64 public latestTreeSize;

    mapping(uint64 => bytes32) private roots;
    mapping(address => bool) private writers;

    event Anchored(uint64 indexed treeSize, bytes32 root, address writer);
    event WriterAdded(address indexed writer);
    event WriterRemoved(address indexed writer);
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);

    error NotOwner(address caller);
    error NotWriter(address caller);
    error TreeSizeNotIncreasing(uint64 latestTreeSize, uint64 treeSize);
    error ZeroRoot();
    error ZeroAddress();

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor() {
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
    }

    /// @notice Records `root` as the log root at `treeSize`; `treeSize` must exceed every size
    /// anchored before, so the anchored history only ever grows.
    function anchor(uint64 treeSize, bytes32 root) external {
        if (!writers[msg.sender]) revert NotWriter(msg.sender);
        if (treeSize <= latestTreeSize) revert TreeSizeNotIncreasing(latestTreeSize, treeSize);
        if (root == bytes32(0)) revert ZeroRoot();
        roots[treeSize] = root;
        latestTreeSize = treeSize;
        emit Anchored(treeSize, root, msg.sender);
    }

    /// @notice The root anchored at `treeSize`, or zero if that size was never anchored.
    function rootOf(uint64 treeSize) external view returns (bytes32) {
        return roots[treeSize];
    }

    function isWriter(address account) external view returns (bool) {
        return writers[account];
    }

    function addWriter(address account) external onlyOwner {
        if (account == address(0)) revert ZeroAddress();
        if (!writers[account]) {
            writers[account] = true;
            emit WriterAdded(account);
        }
    }

    function removeWriter(address account) external onlyOwner {
        if (writers[account]) {
            writers[account] = false;
            emit WriterRemoved(account);
        }
    }

    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }
}
