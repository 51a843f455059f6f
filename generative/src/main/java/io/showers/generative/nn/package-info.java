/**
 * Small float32 neural-network building blocks on plain ND4J operations: dense network specs
 * ({@link io.showers.generative.nn.DenseSpec}) and networks with flat parameter vectors and
 * hand-written forward/backward passes ({@link io.showers.generative.nn.DenseNet}),
 * activations with first and second derivatives, Adam, a checkpointable RNG and a checksummed
 * file format for named arrays. No SameDiff graphs: the WGAN-GP penalty needs a gradient of a
 * gradient, which Deeplearning4j 1.0.0-M2.1 cannot differentiate, and graph execution costs
 * more than the arithmetic for networks of this size.
 */
package io.showers.generative.nn;
