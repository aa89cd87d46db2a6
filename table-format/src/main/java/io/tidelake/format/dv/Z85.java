package io.tidelake.format.dv;

import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * Z85, the base-85 text encoding Delta uses for deletion vector descriptors: inline bitmaps
 * ({@code storageType "i"}) and the UUID of relative DV files ({@code storageType "u"}, last 20 chars).
 * Every 4 bytes (big-endian) become 5 characters. Delta pads data to a multiple of 4 bytes with zeros
 * before encoding and keeps the true length in the descriptor's {@code sizeInBytes}, so decoding takes a
 * length and drops the padding.
 */
public final class Z85 {
  private static final String ALPHABET =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  private static final int[] DECODE = new int[128];

  static {
    java.util.Arrays.fill(DECODE, -1);
    for (int i = 0; i < ALPHABET.length(); i++) {
      DECODE[ALPHABET.charAt(i)] = i;
    }
  }

  private Z85() {}

  /**
   * Decodes {@code text} and returns its first {@code length} bytes.
   *
   * @throws IllegalArgumentException when the text is not Z85 (length not a multiple of 5, a character
   *     outside the alphabet, a block above 2^32-1) or too short for {@code length}
   */
  public static byte[] decode(String text, int length) {
    if (text.length() % 5 != 0) {
      throw new IllegalArgumentException("Z85 text must have a multiple of 5 characters, got " + text.length());
    }
    int decodedLength = text.length() / 5 * 4;
    if (length < 0 || length > decodedLength) {
      throw new IllegalArgumentException("Z85 text of " + text.length() + " characters holds " + decodedLength
          + " bytes, fewer than the " + length + " expected");
    }
    ByteBuffer out = ByteBuffer.allocate(decodedLength);
    for (int i = 0; i < text.length(); i += 5) {
      long block = 0;
      for (int j = i; j < i + 5; j++) {
        char c = text.charAt(j);
        int d = c < 128 ? DECODE[c] : -1;
        if (d < 0) {
          throw new IllegalArgumentException("'" + c + "' at position " + j + " is not a Z85 character");
        }
        block = block * 85 + d;
      }
      if (block > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("Z85 block at position " + i + " exceeds 32 bits");
      }
      out.putInt((int) block);
    }
    byte[] all = out.array();
    return length == all.length ? all : java.util.Arrays.copyOf(all, length);
  }

  /** Encodes {@code data}, zero-padded to a multiple of 4 bytes as Delta does. */
  public static String encode(byte[] data) {
    int padded = (data.length + 3) / 4 * 4;
    ByteBuffer in = ByteBuffer.wrap(java.util.Arrays.copyOf(data, padded));
    StringBuilder sb = new StringBuilder(padded / 4 * 5);
    char[] block = new char[5];
    while (in.hasRemaining()) {
      long v = in.getInt() & 0xFFFF_FFFFL;
      for (int j = 4; j >= 0; j--) {
        block[j] = ALPHABET.charAt((int) (v % 85));
        v /= 85;
      }
      sb.append(block);
    }
    return sb.toString();
  }

  /** The UUID in 20 Z85 characters (most significant bits first), as in a {@code "u"} descriptor. */
  public static UUID decodeUuid(String text) {
    if (text.length() != 20) {
      throw new IllegalArgumentException("A Z85 UUID has 20 characters, got " + text.length());
    }
    ByteBuffer b = ByteBuffer.wrap(decode(text, 16));
    return new UUID(b.getLong(), b.getLong());
  }

  public static String encodeUuid(UUID uuid) {
    ByteBuffer b = ByteBuffer.allocate(16);
    b.putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
    return encode(b.array());
  }
}
