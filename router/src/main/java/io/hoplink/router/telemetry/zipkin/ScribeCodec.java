package io.hoplink.router.telemetry.zipkin;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Scribe's one call, {@code ResultCode Log(1: list<LogEntry> messages)}, in Thrift's strict
 * binary protocol inside a 4-byte length frame: what Finagle's Thrift client sends for Linkerd's
 * {@code io.l5d.zipkin}. A {@code LogEntry} is {@code 1: string category, 2: string message}.
 */
final class ScribeCodec {
  static final int CALL = 0x80010001;
  static final int REPLY = 0x80010002;
  static final int EXCEPTION = 0x80010003;
  static final byte STOP = 0;
  static final byte I32 = 8;
  static final byte STRING = 11;
  static final byte STRUCT = 12;
  static final byte LIST = 15;
  /** ResultCode: the collector took the messages, or asks to be called again later. */
  static final int OK = 0;
  static final int TRY_LATER = 1;
  /** A reply is a few dozen bytes; a bigger frame is not Scribe's. */
  static final int MAX_REPLY_BYTES = 64 * 1024;

  private ScribeCodec() {}

  /** The framed call {@code Log(messages)} under {@code category}, with sequence id {@code seq}. */
  static Buffer log(int seq, String category, List<String> messages) {
    Buffer out = Buffer.buffer(64 + messages.size() * 512);
    out.appendInt(0); // the frame's length, set last
    out.appendInt(CALL);
    string(out, "Log");
    out.appendInt(seq);
    out.appendByte(LIST).appendShort((short) 1);
    out.appendByte(STRUCT).appendInt(messages.size());
    byte[] categoryBytes = category.getBytes(StandardCharsets.UTF_8);
    for (String message : messages) {
      out.appendByte(STRING).appendShort((short) 1);
      out.appendInt(categoryBytes.length).appendBytes(categoryBytes);
      out.appendByte(STRING).appendShort((short) 2);
      string(out, message);
      out.appendByte(STOP);
    }
    out.appendByte(STOP);
    out.setInt(0, out.length() - 4);
    return out;
  }

  /**
   * The ResultCode of a reply frame's body (the bytes after the length) to call {@code seq}.
   *
   * @throws IllegalStateException if it is not a reply to that call, or carries no result
   */
  static int resultCode(Buffer reply, int seq) {
    try {
      int type = reply.getInt(0);
      if (type == EXCEPTION) {
        throw new IllegalStateException("the collector answered Log with an exception");
      }
      if (type != REPLY) {
        throw new IllegalStateException("not a Thrift reply (message type " + type + ")");
      }
      int nameLength = reply.getInt(4);
      if (nameLength < 0 || nameLength > 64) {
        throw new IllegalStateException("not a Thrift reply (method name of " + nameLength
            + " bytes)");
      }
      int at = 8 + nameLength;
      if (reply.getInt(at) != seq) {
        throw new IllegalStateException("a reply to another call (sequence id "
            + reply.getInt(at) + ", expected " + seq + ")");
      }
      at += 4;
      while (reply.getByte(at) != STOP) {
        byte fieldType = reply.getByte(at);
        short id = reply.getShort(at + 1);
        at += 3;
        if (id == 0 && fieldType == I32) {
          return reply.getInt(at);
        }
        throw new IllegalStateException("unexpected field " + id + " in the Log reply");
      }
      throw new IllegalStateException("the Log reply has no result");
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalStateException("a truncated Thrift reply", e);
    }
  }

  private static void string(Buffer out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.appendInt(bytes.length).appendBytes(bytes);
  }
}
