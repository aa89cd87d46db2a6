package io.tidelake.format.stats;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StringBoundsTest {
  private static final String MAX_CP = new String(Character.toChars(Character.MAX_CODE_POINT));

  @Test
  void shortStringsAreKept() {
    assertThat(StringBounds.truncateMin("abc", 3)).isEqualTo("abc");
    assertThat(StringBounds.truncateMax("abc", 3)).isEqualTo("abc");
  }

  @Test
  void minIsAPrefixThatKeepsSurrogatePairsWhole() {
    assertThat(StringBounds.truncateMin("abcdef", 3)).isEqualTo("abc");
    String emoji = new String(Character.toChars(0x1F600));
    assertThat(StringBounds.truncateMin("ab" + emoji + "z", 3)).isEqualTo("ab" + emoji);
  }

  @Test
  void maxAppendsTheSmallestSafeTieBreaker() {
    assertThat(StringBounds.truncateMax("abcdef", 3)).isEqualTo("abc\u007F");
    assertThat(StringBounds.truncateMax("abc\u00e9f", 3)).isEqualTo("abc" + MAX_CP);
    // the largest code point cannot be beaten: it is kept and the next char decides
    assertThat(StringBounds.truncateMax("abc" + MAX_CP + "x", 3)).isEqualTo("abc" + MAX_CP + "\u007F");
    // nothing fits within twice the prefix length: no bound
    assertThat(StringBounds.truncateMax("a" + MAX_CP.repeat(3) + "b", 1)).isNull();
  }

  @Test
  void maxIsAnUpperBoundInUtf8Order() {
    String[] values = {"abcdzzzz", "abc\u007Fzz", "abc\u00ff", "abc" + MAX_CP + "q"};
    for (String v : values) {
      String max = StringBounds.truncateMax(v, 3);
      assertThat(java.util.Arrays.compareUnsigned(v.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          max.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(v).isLessThanOrEqualTo(0);
    }
  }
}
