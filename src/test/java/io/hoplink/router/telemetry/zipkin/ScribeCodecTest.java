package io.hoplink.router.telemetry.zipkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScribeCodecTest {
  private static Buffer reply(int type, int seq, byte fieldType, short id, int code) {
    return Buffer.buffer().appendInt(type).appendInt(3).appendString("Log").appendInt(seq)
        .appendByte(fieldType).appendShort(id).appendInt(code).appendByte((byte) 0);
  }

  @Test
  void framesALogCallAsFinaglesThriftClientDoes() {
    Buffer call = ScribeCodec.log(7, "zipkin", List.of("AAEC\n"));
    assertEquals(call.length() - 4, call.getInt(0), "the frame's length");
    assertEquals(0x80010001, call.getInt(4), "strict binary, CALL");
    assertEquals("Log", call.getString(12, 15));
    assertEquals(7, call.getInt(15));
    assertEquals(15, call.getByte(19), "field 1: a list");
    assertEquals(1, call.getShort(20));
    assertEquals(12, call.getByte(22), "of structs");
    assertEquals(1, call.getInt(23));
  }

  @Test
  void readsTheResultCodeAndRefusesAnythingElse() {
    assertEquals(ScribeCodec.OK, ScribeCodec.resultCode(reply(0x80010002, 3, (byte) 8,
        (short) 0, 0), 3));
    assertEquals(ScribeCodec.TRY_LATER, ScribeCodec.resultCode(reply(0x80010002, 3, (byte) 8,
        (short) 0, 1), 3));
    assertThrows(IllegalStateException.class, () -> ScribeCodec.resultCode(reply(0x80010003, 3,
        (byte) 8, (short) 0, 0), 3));
    assertThrows(IllegalStateException.class, () -> ScribeCodec.resultCode(reply(0x80010002, 4,
        (byte) 8, (short) 0, 0), 3));
    assertThrows(IllegalStateException.class, () -> ScribeCodec.resultCode(reply(0x80010002, 3,
        (byte) 12, (short) 1, 0), 3));
    assertThrows(IllegalStateException.class, () -> ScribeCodec.resultCode(
        reply(0x80010002, 3, (byte) 8, (short) 0, 0).getBuffer(0, 14), 3));
    assertThrows(IllegalStateException.class, () -> ScribeCodec.resultCode(Buffer.buffer()
        .appendInt(0x80010002).appendInt(1 << 30), 3));
  }
}
