package io.showers.datasets;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Node;
import io.showers.detector.DetectorConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One open, validated showers HDF5 file. Validation happens on open: a file that is missing,
 * not HDF5, truncated, of an unknown schema, or whose arrays disagree with its detector
 * configuration is refused with a one-line {@link DatasetException}.
 */
public final class ShowerFile implements AutoCloseable {
  private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

  private final Path path;
  private final HdfFile h5;
  private final FileMetadata metadata;
  private final int size;
  private final Map<String, Dataset> arrays = new LinkedHashMap<>();

  private ShowerFile(Path path, HdfFile h5, FileMetadata metadata, int size) {
    this.path = path;
    this.h5 = h5;
    this.metadata = metadata;
    this.size = size;
  }

  /** Opens and validates a file. */
  public static ShowerFile open(Path path) {
    checkHdf5(path);
    HdfFile h5;
    try {
      h5 = new HdfFile(path);
    } catch (RuntimeException e) {
      throw new DatasetException(path + ": not a readable HDF5 file (" + e.getMessage() + ")", e);
    }
    try {
      long declared = h5.getHdfBackingStorage().getSuperblock().getEndOfFileAddress();
      long actual = Files.size(path);
      if (actual < declared) {
        throw new DatasetException(path + ": truncated HDF5 file: " + actual
            + " bytes on disk, the superblock declares " + declared);
      }
      FileMetadata meta = readMetadata(path, h5);
      return validated(path, h5, meta);
    } catch (IOException e) {
      h5.close();
      throw new DatasetException(path + ": cannot read: " + e, e);
    } catch (RuntimeException e) {
      h5.close();
      if (e instanceof DatasetException) {
        throw e;
      }
      throw new DatasetException(path + ": corrupt HDF5 file (" + e.getMessage() + ")", e);
    }
  }

  private static void checkHdf5(Path path) {
    if (!Files.exists(path)) {
      throw new DatasetException(path + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new DatasetException(path + ": is a directory; expected an .h5 file");
    }
    byte[] head = new byte[8];
    try (InputStream in = Files.newInputStream(path)) {
      int n = in.readNBytes(head, 0, 8);
      if (n < 8 || !Arrays.equals(head, HDF5_SIGNATURE)) {
        throw new DatasetException(path + ": not an HDF5 file (expected the HDF5 signature"
            + " \\x89HDF\\r\\n\\x1a\\n at offset 0, found " + (n < 8 ? n + " bytes" : printable(head)) + ")");
      }
    } catch (IOException e) {
      throw new DatasetException(path + ": cannot read: " + e, e);
    }
  }

  private static String printable(byte[] b) {
    StringBuilder s = new StringBuilder("'");
    for (byte x : b) {
      s.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
    }
    return s.append("'").toString();
  }

  private static FileMetadata readMetadata(Path path, HdfFile h5) {
    String schemaName = stringAttr(path, h5, "schema");
    Schema schema;
    try {
      schema = Schema.forAttribute(schemaName);
    } catch (IllegalArgumentException e) {
      throw new DatasetException(path + ": " + e.getMessage());
    }
    DetectorConfig detector;
    try {
      detector = DetectorConfig.fromJson(stringAttr(path, h5, "detector"));
      detector.validate();
    } catch (IllegalArgumentException e) {
      throw new DatasetException(path + ": unsupported detector configuration: " + e.getMessage());
    }
    if (detector.kind() != schema.detector()) {
      throw new DatasetException(path + ": schema " + schemaName + " but the detector attribute"
          + " describes a " + detector.kind() + "; expected a " + schema.detector());
    }
    String producer = stringAttr(path, h5, "producer");
    long seed = longAttr(path, h5, "seed", true);
    long first = longAttr(path, h5, "first_event", false);
    Instant created;
    try {
      created = Instant.parse(stringAttr(path, h5, "created"));
    } catch (DateTimeParseException e) {
      throw new DatasetException(path + ": attribute 'created' is not an ISO-8601 time");
    }
    return new FileMetadata(schema, detector, producer, seed, first, created);
  }

  private static Attribute attr(Path path, HdfFile h5, String name, boolean required) {
    Attribute a = h5.getAttribute(name);
    if (a == null && required) {
      throw new DatasetException(path + ": missing root attribute '" + name
          + "'; expected a showers file with attributes schema, detector, producer, seed, created");
    }
    return a;
  }

  private static String stringAttr(Path path, HdfFile h5, String name) {
    Object v = attr(path, h5, name, true).getData();
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof String[] arr && arr.length == 1) {
      return arr[0];
    }
    throw new DatasetException(path + ": attribute '" + name + "' is " + describe(v) + ", expected a string");
  }

  private static long longAttr(Path path, HdfFile h5, String name, boolean required) {
    Attribute a = attr(path, h5, name, required);
    if (a == null) {
      return 0;
    }
    Object v = a.getData();
    if (v instanceof Number n) {
      return n.longValue();
    }
    throw new DatasetException(path + ": attribute '" + name + "' is " + describe(v) + ", expected an integer");
  }

  private static String describe(Object v) {
    return v == null ? "empty" : "a " + v.getClass().getSimpleName();
  }

  private static ShowerFile validated(Path path, HdfFile h5, FileMetadata meta) {
    Schema schema = meta.schema();
    int n = -1;
    Map<String, Dataset> found = new LinkedHashMap<>();
    for (ArraySpec spec : schema.arrays()) {
      Node node = h5.getChild(spec.name());
      if (node == null) {
        if (spec.required()) {
          throw new DatasetException(path + ": missing array '" + spec.name() + "' ("
              + spec.description() + "); " + schema.attribute() + " requires it");
        }
        continue;
      }
      if (!(node instanceof Dataset ds)) {
        throw new DatasetException(path + ": '" + spec.name() + "' is a group, expected an array");
      }
      int[] dims = ds.getDimensions();
      int[] eventShape = schema.eventShape(spec.name(), meta.detector());
      if (dims.length != eventShape.length + 1
          || !Arrays.equals(Arrays.copyOfRange(dims, 1, dims.length), eventShape)) {
        throw new DatasetException(path + ": array '" + spec.name() + "' has shape "
            + Arrays.toString(dims) + " but the detector configuration requires (N, "
            + Arrays.toString(eventShape).replaceAll("[\\[\\]]", "") + ")");
      }
      Class<?> type = ds.getJavaType();
      boolean integer = type == int.class || type == long.class || type == short.class;
      if (integer != spec.integer()) {
        throw new DatasetException(path + ": array '" + spec.name() + "' has type "
            + type.getSimpleName() + ", expected " + spec.dtype());
      }
      if (n < 0) {
        n = dims[0];
      } else if (dims[0] != n) {
        throw new DatasetException(path + ": array '" + spec.name() + "' has " + dims[0]
            + " events but the other arrays have " + n);
      }
      found.put(spec.name(), ds);
    }
    ShowerFile f = new ShowerFile(path, h5, meta, n);
    f.arrays.putAll(found);
    return f;
  }

  public Path path() {
    return path;
  }

  public FileMetadata metadata() {
    return metadata;
  }

  /** Number of events. */
  public int size() {
    return size;
  }

  /** Whether the optional array {@code name} is present. */
  public boolean has(String name) {
    return arrays.containsKey(name);
  }

  /** The names of the arrays present, in schema order. */
  public Iterable<String> arrayNames() {
    return arrays.keySet();
  }

  /** The raw jhdf dataset of an array, for inspection. */
  public Dataset dataset(String name) {
    Dataset d = arrays.get(name);
    if (d == null) {
      throw new DatasetException(path + ": no array '" + name + "'");
    }
    return d;
  }

  /** Reads events {@code [from, from + n)} of one array as a flat column. */
  public Column read(String name, int from, int n) {
    if (from < 0 || n < 0 || from + n > size) {
      throw new IndexOutOfBoundsException(
          path + ": events [" + from + ", " + (from + n) + ") outside [0, " + size + ")");
    }
    Dataset ds = dataset(name);
    int[] dims = ds.getDimensions();
    int[] shape = dims.clone();
    shape[0] = n;
    long[] offset = new long[dims.length];
    offset[0] = from;
    int length = 1;
    for (int d : shape) {
      length *= d;
    }
    boolean integer = metadata.schema().spec(name).integer();
    try {
      Object nested = n == size ? ds.getData() : ds.getData(offset, shape);
      return new Column(name, NestedArrays.flatten(nested, integer, length), shape);
    } catch (RuntimeException e) {
      throw new DatasetException(path + ": cannot read array '" + name + "' (" + e.getMessage() + ")", e);
    }
  }

  /** Reads events {@code [from, from + n)} as an event batch. */
  public io.showers.detector.EventBatch readBatch(int from, int n) {
    Map<String, Column> cols = new LinkedHashMap<>();
    for (String name : arrays.keySet()) {
      cols.put(name, read(name, from, n));
    }
    return metadata.schema().batch(n, cols, metadata.detector());
  }

  @Override
  public void close() {
    h5.close();
  }
}
