package io.showers.refinement;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Input rows of a refiner's shared per-unit network (one row per calorimeter cell or ground
 * station it refines) and where its outputs land: output {@code c} of row {@code k} is added to
 * the model-space value {@code targets[c][k]} (flat index {@code event * eventDim + position}),
 * times {@code scales[c]}; a negative target means the output does not apply to that row.
 *
 * @param features rows × inputs (at least one row; {@code rows} says how many are real)
 * @param rows real rows
 * @param targets per output, the flat target of each row
 * @param scales per output, model-space units per network output unit
 * @param base the model-space values the outputs are added to; null: the input itself (a refiner
 *     that creates a unit may start it from its neighbours, e.g. a new station's time)
 * @param emptyWeight per output, its self-regularisation weight at a target empty in the input and
 *     in the refined event, i.e. a proposed unit (an empty cell's energy, an untriggered station's
 *     signal) that the detector's rules dropped, which changes nothing; 1 counts it like any
 *     correction
 */
record UnitFeatures(INDArray features, int rows, int[][] targets, float[] scales, float[] base, float[] emptyWeight) {
  UnitFeatures {
    if (emptyWeight.length != targets.length || scales.length != targets.length) {
      throw new IllegalArgumentException("one scale and one empty-target weight per output");
    }
  }
}
