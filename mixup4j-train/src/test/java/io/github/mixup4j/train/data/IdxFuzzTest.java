package io.github.mixup4j.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the IDX reader: on any bytes it returns images or labels, or throws an {@link
 * IdxFormatException} naming the stream, and nothing else. The number of tries is jqwik's default
 * ({@code jqwik.tries.default}: 200 from {@code junit-platform.properties}); {@code
 * scripts/fuzz.sh} runs the same properties with more.
 */
class IdxFuzzTest {
  private static final String NAME = "fuzzed-idx";

  /** Arbitrary bytes; IDX-looking headers with random types, ranks, sizes and payloads; gzip. */
  @Provide
  Arbitrary<byte[]> idxLike() {
    Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
    Arbitrary<byte[]> headed =
        Combinators.combine(
                Arbitraries.of(0x08, 0x09, 0x0B),
                Arbitraries.integers().between(0, 4),
                Arbitraries.integers().between(-1, 9).list().ofSize(4),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(400))
            .as(IdxFuzzTest::header);
    Arbitrary<byte[]> hugeDims =
        Arbitraries.integers()
            .between(0, Integer.MAX_VALUE)
            .list()
            .ofSize(3)
            .map(d -> header(0x08, 3, d, new byte[7]));
    return Arbitraries.oneOf(
        raw, headed, hugeDims, headed.map(IdxFuzzTest::gzip), raw.map(IdxFuzzTest::gzipHead));
  }

  @Property
  void readImages_anyBytes_imagesOrIdxFormatException(@ForAll("idxLike") byte[] bytes) {
    try {
      IdxImages img = Idx.readImages(new ByteArrayInputStream(bytes), NAME);
      assertEquals((long) img.count() * img.rows() * img.cols(), img.pixels().length);
    } catch (IdxFormatException e) {
      assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
    } catch (IOException e) {
      throw new AssertionError("undocumented exception " + e, e);
    }
  }

  @Property
  void readLabels_anyBytes_labelsOrIdxFormatException(@ForAll("idxLike") byte[] bytes) {
    try {
      int[] labels = Idx.readLabels(new ByteArrayInputStream(bytes), NAME);
      for (int l : labels) {
        assertTrue(l >= 0 && l <= 255, "label " + l);
      }
    } catch (IdxFormatException e) {
      assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
    } catch (IOException e) {
      throw new AssertionError("undocumented exception " + e, e);
    }
  }

  /**
   * Regression: a 19-byte file whose header promises 2^31 − 9 pixels used to allocate a 2 GB array
   * before finding it truncated. The allocation is counted by the JVM, not timed.
   */
  @Test
  void readImages_headerPromisesTwoGigabytes_allocatesOnlyWhatArrives() {
    byte[] bytes = header(0x08, 3, List.of(Integer.MAX_VALUE - 8, 1, 1), new byte[7]);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = threads.getCurrentThreadAllocatedBytes();
    IdxFormatException e =
        assertThrows(
            IdxFormatException.class, () -> Idx.readImages(new ByteArrayInputStream(bytes), NAME));
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;
    assertEquals(
        NAME + ": truncated: header promises 2147483639 bytes of data but only 7 follow",
        e.getMessage());
    assertTrue(allocated < 16 << 20, "allocated " + allocated + " bytes");
  }

  /** Regression: a corrupt gzip trailer (CRC) is an IdxFormatException naming the stream. */
  @Test
  void readImages_corruptGzipTrailer_namesStream() {
    byte[] gz = gzip(header(0x08, 3, List.of(1, 2, 2), new byte[4]));
    gz[gz.length - 6] ^= 0x5A; // inside the CRC-32
    IdxFormatException e =
        assertThrows(
            IdxFormatException.class, () -> Idx.readImages(new ByteArrayInputStream(gz), NAME));
    assertTrue(e.getMessage().startsWith(NAME + ": "), e.getMessage());
  }

  static byte[] header(int type, int rank, List<Integer> dims, byte[] payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(0);
    out.write(type);
    out.write(rank);
    for (int i = 0; i < Math.min(rank, dims.size()); i++) {
      int d = dims.get(i);
      out.write(d >>> 24);
      out.write(d >>> 16);
      out.write(d >>> 8);
      out.write(d);
    }
    out.writeBytes(payload);
    return out.toByteArray();
  }

  static byte[] gzip(byte[] raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(out)) {
      gz.write(raw);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return out.toByteArray();
  }

  /** The gzip magic followed by arbitrary bytes. */
  static byte[] gzipHead(byte[] rest) {
    byte[] b = Arrays.copyOf(new byte[] {0x1f, (byte) 0x8b}, 2 + rest.length);
    System.arraycopy(rest, 0, b, 2, rest.length);
    return b;
  }
}
