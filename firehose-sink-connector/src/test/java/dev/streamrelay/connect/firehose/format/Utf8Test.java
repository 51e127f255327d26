package dev.streamrelay.connect.firehose.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8Test {

  /** What Utf8 did before its ASCII shortcut: a strict decoder for every value. */
  private static String strict(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  @Test
  void decodesExactlyAsAStrictDecoder() {
    Random random = new Random(17);
    String[] samples = {"", "plain ascii 123", "\u0000\u007f", "Grüße", "日本語", "😀 emoji", "a\nb"};
    for (String s : samples) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      assertThat(Utf8.decode(b)).isEqualTo(strict(b)).isEqualTo(s);
    }
    for (int i = 0; i < 20_000; i++) {
      byte[] b = new byte[random.nextInt(12)];
      random.nextBytes(b);
      if (i % 2 == 0) {
        // Mostly ASCII with a stray high byte now and then, the inputs the shortcut must get right.
        for (int j = 0; j < b.length; j++) {
          b[j] = (byte) (random.nextInt(10) == 0 ? b[j] : b[j] & 0x7f);
        }
      }
      assertThat(Utf8.decode(b)).as("bytes %s", java.util.Arrays.toString(b)).isEqualTo(strict(b));
    }
  }

  @Test
  void refusesMalformedUtf8() {
    assertThat(Utf8.decode(new byte[] {'a', (byte) 0xc3})).isNull();
    assertThat(Utf8.decode(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isNull();
    assertThat(Utf8.decode(new byte[] {(byte) 0xc0, (byte) 0xaf})).isNull();
  }
}
