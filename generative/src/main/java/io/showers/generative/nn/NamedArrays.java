package io.showers.generative.nn;

import io.showers.datasets.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A file of named float32 arrays: the weights of a saved model and the state of a checkpoint.
 *
 * <p>Layout (big-endian): magic {@code "SHWRARR1"}, entry count, then per entry its name
 * (modified UTF-8), rank, shape and the values as little-endian float32, and finally a CRC-32 of
 * everything before it. Values round-trip bit-exactly; truncation or corruption is detected and
 * reported as a {@link ModelFormatException}. Files are written to a temporary sibling and moved
 * into place, so a crash never leaves a half-written file under the final name.
 */
public final class NamedArrays {
  private static final byte[] MAGIC = "SHWRARR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private NamedArrays() {}

  /** Writes the arrays (converted to float32, order kept) to {@code file} atomically. */
  public static void write(Path file, Map<String, INDArray> arrays) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(arrays.size());
      for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
        INDArray a = e.getValue();
        out.writeUTF(e.getKey());
        long[] shape = a.shape();
        out.writeInt(shape.length);
        for (long s : shape) {
          out.writeLong(s);
        }
        float[] values = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        out.write(buf.array());
      }
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    AtomicFiles.write(file, bytes.toByteArray());
  }

  /**
   * Reads a file written by {@link #write}.
   *
   * @throws NoSuchFileException if the file is missing
   * @throws ModelFormatException if it is not such a file, truncated or corrupt
   */
  public static Map<String, INDArray> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString(), null, "weights file is missing");
    }
    byte[] all = Files.readAllBytes(file);
    if (all.length < MAGIC.length + 12 || !Arrays.equals(Arrays.copyOf(all, MAGIC.length), MAGIC)) {
      throw new ModelFormatException(file + " is not a weights file (bad header)");
    }
    CRC32 crc = new CRC32();
    crc.update(all, 0, all.length - 8);
    long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
    if (stored != crc.getValue()) {
      throw new ModelFormatException(file + " is corrupt or truncated (checksum mismatch)");
    }
    Map<String, INDArray> result = new LinkedHashMap<>();
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(all, MAGIC.length, all.length - 8 - MAGIC.length))) {
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
          throw new ModelFormatException(file + ": entry " + name + " has invalid rank " + rank);
        }
        long[] shape = new long[rank];
        long n = 1;
        for (int r = 0; r < rank; r++) {
          shape[r] = in.readLong();
          if (shape[r] < 0) {
            throw new ModelFormatException(file + ": entry " + name + " has a negative dimension");
          }
          n = Math.multiplyExact(n, shape[r]);
        }
        if (n * 4 > in.available()) {
          throw new ModelFormatException(file + ": entry " + name + " runs past the end of the file");
        }
        byte[] raw = new byte[Math.toIntExact(n * 4)];
        in.readFully(raw);
        float[] values = new float[(int) n];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        result.put(name, Nd4j.create(values, shape, 'c'));
      }
    } catch (EOFException | ArithmeticException e) {
      throw new ModelFormatException(file + " is truncated or malformed", e);
    }
    return result;
  }

  /** Returns {@code arrays.get(name)} or throws a {@link ModelFormatException} naming the file. */
  public static INDArray require(Map<String, INDArray> arrays, String name, Path file)
      throws ModelFormatException {
    INDArray a = arrays.get(name);
    if (a == null) {
      throw new ModelFormatException(file + " lacks the array '" + name + "'");
    }
    return a;
  }
}
