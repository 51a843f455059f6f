package io.showers.datasets;

import java.lang.reflect.Array;

/** Conversion between flat row-major primitive arrays and the nested Java arrays jhdf uses. */
final class NestedArrays {
  private NestedArrays() {}

  /** Builds a nested {@code float[d0][d1]...} or {@code int[..]} array from a flat one. */
  static Object toNested(Object flat, int[] shape) {
    Class<?> leaf = flat instanceof int[] ? int.class : float.class;
    Object nested = Array.newInstance(leaf, shape);
    fill(nested, flat, shape, 0, 0);
    return nested;
  }

  private static int fill(Object nested, Object flat, int[] shape, int dim, int offset) {
    if (dim == shape.length - 1) {
      System.arraycopy(flat, offset, nested, 0, shape[dim]);
      return offset + shape[dim];
    }
    for (int i = 0; i < shape[dim]; i++) {
      offset = fill(Array.get(nested, i), flat, shape, dim + 1, offset);
    }
    return offset;
  }

  /** Flattens a nested primitive array (float, int, double or long leaves) to float[] or int[]. */
  static Object flatten(Object nested, boolean integer, int length) {
    Object flat = integer ? new int[length] : new float[length];
    int end = copy(nested, flat, 0);
    if (end != length) {
      throw new IllegalStateException("flattened " + end + " values, expected " + length);
    }
    return flat;
  }

  private static int copy(Object nested, Object flat, int offset) {
    if (nested instanceof float[] f) {
      if (flat instanceof float[] out) {
        System.arraycopy(f, 0, out, offset, f.length);
      } else {
        int[] out = (int[]) flat;
        for (int i = 0; i < f.length; i++) {
          out[offset + i] = (int) f[i];
        }
      }
      return offset + f.length;
    }
    if (nested instanceof int[] a) {
      if (flat instanceof int[] out) {
        System.arraycopy(a, 0, out, offset, a.length);
      } else {
        float[] out = (float[]) flat;
        for (int i = 0; i < a.length; i++) {
          out[offset + i] = a[i];
        }
      }
      return offset + a.length;
    }
    if (nested instanceof double[] d) {
      for (int i = 0; i < d.length; i++) {
        set(flat, offset + i, d[i]);
      }
      return offset + d.length;
    }
    if (nested instanceof long[] l) {
      for (int i = 0; i < l.length; i++) {
        set(flat, offset + i, l[i]);
      }
      return offset + l.length;
    }
    if (nested instanceof Object[] rows) {
      for (Object row : rows) {
        offset = copy(row, flat, offset);
      }
      return offset;
    }
    throw new IllegalArgumentException("unsupported array type " + nested.getClass().getSimpleName());
  }

  private static void set(Object flat, int i, double v) {
    if (flat instanceof float[] f) {
      f[i] = (float) v;
    } else {
      ((int[]) flat)[i] = (int) v;
    }
  }
}
