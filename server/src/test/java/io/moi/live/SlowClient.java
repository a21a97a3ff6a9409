package io.moi.live;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A websocket client that reads nothing until told to: it stands for a browser on a stalled
 * network. It offers the server only a small receive window, so little hides in its kernel.
 */
final class SlowClient implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket = new Socket();
  private DataInputStream in;

  /** What reading until the server closed found. */
  record Ending(int frames, int closeCode, String reason) {}

  SlowClient(URI ws, String cookie, String origin) throws IOException {
    socket.setReceiveBufferSize(4096);
    socket.connect(new InetSocketAddress(ws.getHost(), ws.getPort()), 10_000);
    String request =
        "GET "
            + ws.getRawPath()
            + " HTTP/1.1\r\nHost: "
            + ws.getHost()
            + ":"
            + ws.getPort()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
            + "Sec-WebSocket-Key: "
            + Base64.getEncoder().encodeToString(RANDOM.generateSeed(16))
            + "\r\nCookie: "
            + cookie
            + "\r\nOrigin: "
            + origin
            + "\r\n\r\n";
    socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
    in = new DataInputStream(socket.getInputStream());
    String status = line(in);
    if (!status.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + status);
    }
    while (!line(in).isEmpty()) {
      // the rest of the response head
    }
  }

  private static String line(InputStream in) throws IOException {
    var line = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("closed during the upgrade");
      }
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  void send(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    var frame = new ByteArrayOutputStream();
    frame.write(0x81);
    frame.write(0x80 | payload.length); // short frames only
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    socket.getOutputStream().write(frame.toByteArray());
  }

  /** Reads frames until a text frame contains {@code wanted}. */
  void awaitText(String wanted, int seconds) throws IOException {
    socket.setSoTimeout(seconds * 1000);
    while (true) {
      int first = in.readUnsignedByte();
      byte[] payload = payload();
      if ((first & 0x0f) == 0x1 && new String(payload, StandardCharsets.UTF_8).contains(wanted)) {
        return;
      }
    }
  }

  private byte[] payload() throws IOException {
    long length = in.readUnsignedByte() & 0x7f;
    if (length == 126) {
      length = in.readUnsignedShort();
    } else if (length == 127) {
      length = in.readLong();
    }
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }

  /** Reads frames until the server's close frame or the end of the time; counts text frames. */
  Ending readUntilClosed(int seconds) throws IOException {
    socket.setSoTimeout(seconds * 1000);
    int frames = 0;
    try {
      while (true) {
        int first = in.readUnsignedByte();
        byte[] payload = payload();
        int opcode = first & 0x0f;
        if (opcode == 0x8) {
          int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
          String reason =
              payload.length > 2
                  ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                  : "";
          return new Ending(frames, code, reason);
        }
        if (opcode == 0x1) {
          frames++;
        }
      }
    } catch (SocketTimeoutException | java.io.EOFException e) {
      return new Ending(frames, -1, e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
