package io.showers.datasets;

/**
 * One array of the file schema.
 *
 * @param name HDF5 dataset name
 * @param integer true for int32 arrays, false for float32
 * @param unit physical unit stored in the dataset's {@code units} attribute
 * @param description one line for documentation and {@code showers inspect}
 * @param required whether a file without it is invalid
 */
public record ArraySpec(String name, boolean integer, String unit, String description, boolean required) {

  public String dtype() {
    return integer ? "int32" : "float32";
  }
}
