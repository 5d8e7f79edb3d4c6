package io.github.mixup4j.train.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes the IDX format of MNIST and Fashion-MNIST (LeCun et al.), raw or gzip.
 *
 * <p>An IDX file starts with a 4-byte magic number {@code 0x00 0x00 TYPE RANK}, then {@code RANK}
 * big-endian 32-bit dimension sizes, then the data. This reader accepts unsigned bytes ({@code TYPE
 * = 0x08}) of rank 3 (images, {@code N×rows×cols}) and rank 1 (labels, {@code N}). Gzip compression
 * is detected from the content (magic {@code 1f 8b}), not from the file name.
 *
 * <p>Every error is an {@link IdxFormatException} whose message names the file and what is wrong.
 */
public final class Idx {
  private static final int UNSIGNED_BYTE = 0x08;
  private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8L;

  private Idx() {}

  /**
   * Reads a rank-3 IDX file of unsigned bytes as images.
   *
   * @param file the file, raw or gzip
   * @return the images
   * @throws IOException if the file cannot be read or is not a rank-3 unsigned-byte IDX file
   */
  public static IdxImages readImages(Path file) throws IOException {
    Parsed p = read(file, 3);
    return new IdxImages(p.dims[0], p.dims[1], p.dims[2], p.data, true);
  }

  /**
   * Reads a rank-1 IDX file of unsigned bytes as class labels.
   *
   * @param file the file, raw or gzip
   * @return one label per sample, each in [0, 255]
   * @throws IOException if the file cannot be read or is not a rank-1 unsigned-byte IDX file
   */
  public static int[] readLabels(Path file) throws IOException {
    Parsed p = read(file, 1);
    int[] labels = new int[p.data.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = p.data[i] & 0xFF;
    }
    return labels;
  }

  /**
   * Reads images from a stream (for example a class-path resource).
   *
   * @param in the stream, raw or gzip; closed by this method
   * @param name a name for error messages
   * @return the images
   * @throws IOException if the stream cannot be read or is not a rank-3 unsigned-byte IDX stream
   */
  public static IdxImages readImages(InputStream in, String name) throws IOException {
    Parsed p = read(in, Path.of(name), 3);
    return new IdxImages(p.dims[0], p.dims[1], p.dims[2], p.data, true);
  }

  /**
   * Reads labels from a stream (for example a class-path resource).
   *
   * @param in the stream, raw or gzip; closed by this method
   * @param name a name for error messages
   * @return one label per sample
   * @throws IOException if the stream cannot be read or is not a rank-1 unsigned-byte IDX stream
   */
  public static int[] readLabels(InputStream in, String name) throws IOException {
    Parsed p = read(in, Path.of(name), 1);
    int[] labels = new int[p.data.length];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = p.data[i] & 0xFF;
    }
    return labels;
  }

  /**
   * Writes images as an uncompressed rank-3 IDX stream.
   *
   * @param images the images
   * @param out the stream; not closed
   * @throws IOException if writing fails
   */
  public static void writeImages(IdxImages images, OutputStream out) throws IOException {
    writeHeader(out, 3, images.count(), images.rows(), images.cols());
    out.write(images.rawPixels());
  }

  /**
   * Writes labels as an uncompressed rank-1 IDX stream.
   *
   * @param labels the labels, each in [0, 255]
   * @param out the stream; not closed
   * @throws IOException if writing fails
   */
  public static void writeLabels(int[] labels, OutputStream out) throws IOException {
    writeHeader(out, 1, labels.length);
    byte[] b = new byte[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] > 255) {
        throw new IllegalArgumentException(
            "labels[" + i + "] = " + labels[i] + ": IDX unsigned-byte labels must be in [0, 255]");
      }
      b[i] = (byte) labels[i];
    }
    out.write(b);
  }

  private static void writeHeader(OutputStream out, int rank, int... dims) throws IOException {
    out.write(new byte[] {0, 0, UNSIGNED_BYTE, (byte) rank});
    for (int d : dims) {
      out.write(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
    }
  }

  private record Parsed(int[] dims, byte[] data) {}

  private static Parsed read(Path file, int expectedRank) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IdxFormatException(file, "no such file (expected an IDX file, raw or gzip)");
    }
    if (!Files.isReadable(file)) {
      throw new IdxFormatException(file, "file is not readable");
    }
    return read(Files.newInputStream(file), file, expectedRank);
  }

  private static Parsed read(InputStream raw, Path name, int expectedRank) throws IOException {
    try (InputStream in = maybeGunzip(new BufferedInputStream(raw, 1 << 16), name);
        DataInputStream data = new DataInputStream(in)) {
      int magic;
      try {
        magic = data.readInt();
      } catch (EOFException e) {
        throw new IdxFormatException(name, "file is shorter than the 4-byte IDX magic number");
      }
      int type = (magic >>> 8) & 0xFF;
      int rank = magic & 0xFF;
      if ((magic >>> 16) != 0) {
        throw new IdxFormatException(
            name,
            String.format(
                "bad IDX magic number 0x%08X (expected 0x0000%02X%02X: unsigned bytes, rank %d)",
                magic, UNSIGNED_BYTE, expectedRank, expectedRank));
      }
      if (type != UNSIGNED_BYTE) {
        throw new IdxFormatException(
            name,
            String.format(
                "IDX element type 0x%02X is not supported (expected 0x08, unsigned byte)", type));
      }
      if (rank != expectedRank) {
        throw new IdxFormatException(
            name,
            "IDX rank is "
                + rank
                + " but "
                + expectedRank
                + " was expected ("
                + (expectedRank == 3 ? "images N×rows×cols" : "labels N")
                + ")");
      }
      int[] dims = new int[rank];
      long total = 1;
      for (int i = 0; i < rank; i++) {
        try {
          dims[i] = data.readInt();
        } catch (EOFException e) {
          throw new IdxFormatException(name, "file ends inside the header (dimension " + i + ")");
        }
        if (dims[i] < 0) {
          throw new IdxFormatException(
              name, "dimension " + i + " is " + dims[i] + " (expected a size >= 0)");
        }
        total *= dims[i];
        if (total > MAX_ELEMENTS) {
          throw new IdxFormatException(name, "header promises more than 2^31 elements");
        }
      }
      byte[] payload = readUpTo(data, (int) total);
      if (payload.length != total) {
        throw new IdxFormatException(
            name,
            "truncated: header promises "
                + total
                + " bytes of data but only "
                + payload.length
                + " follow");
      }
      if (data.read() != -1) {
        throw new IdxFormatException(
            name, "trailing bytes after the " + payload.length + " bytes the header promises");
      }
      return new Parsed(dims, payload);
    } catch (IdxFormatException e) {
      throw e;
    } catch (ZipException | EOFException e) {
      throw new IdxFormatException(name, "corrupt gzip stream (" + e.getMessage() + ")");
    } catch (IOException e) {
      // e.g. GZIPInputStream's "Corrupt GZIP trailer": name the file
      throw new IdxFormatException(name, "cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads up to {@code n} bytes, growing the buffer as data arrives: a header that promises 2 GB in
   * a 20-byte file costs 64 KB, not a 2 GB allocation.
   */
  private static byte[] readUpTo(InputStream in, int n) throws IOException {
    byte[] buf = new byte[Math.min(n, 1 << 16)];
    int filled = 0;
    while (filled < n) {
      if (filled == buf.length) {
        buf = Arrays.copyOf(buf, (int) Math.min(n, 2L * buf.length));
      }
      int r = in.read(buf, filled, buf.length - filled);
      if (r < 0) {
        break;
      }
      filled += r;
    }
    return filled == buf.length ? buf : Arrays.copyOf(buf, filled);
  }

  private static InputStream maybeGunzip(BufferedInputStream in, Path name) throws IOException {
    PushbackInputStream pb = new PushbackInputStream(in, 2);
    byte[] head = new byte[2];
    int n = pb.readNBytes(head, 0, 2);
    if (n > 0) {
      pb.unread(head, 0, n);
    }
    if (n == 2 && (head[0] & 0xFF) == 0x1F && (head[1] & 0xFF) == 0x8B) {
      try {
        return new GZIPInputStream(pb, 1 << 16);
      } catch (ZipException e) {
        throw new IdxFormatException(name, "corrupt gzip header (" + e.getMessage() + ")");
      }
    }
    return pb;
  }
}
