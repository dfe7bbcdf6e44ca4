/**
 * The canonical, versioned byte encoding of one accepted submission as a leaf of the Vigil
 * submission log. The exact layout is documented on {@link io.vigil.anchoring.leaf.LogLeaf} and in
 * {@code anchoring/README.md}.
 */
package io.vigil.anchoring.leaf;
