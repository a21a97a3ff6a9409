package io.moi.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The benchmark's load generator: many websocket connections read by one selector thread, so that
 * the machine's cores go to the server rather than to client machinery. It speaks just enough RFC
 * 6455 for that: the upgrade, masked text frames out, unmasked frames in.
 */
final class RawSockets implements AutoCloseable {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Selector selector;
  private final List<Connection> connections = new ArrayList<>();
  private final TextHandler onText;

  /**
   * Receives each text message as UTF-8 bytes, valid only during the call, on the reader thread.
   */
  interface TextHandler {
    void accept(byte[] bytes, int offset, int length, int connection);
  }

  private final Thread reader;
  private volatile boolean running = true;

  /** {@code onText} receives every text message and the index of its connection. */
  RawSockets(TextHandler onText) throws IOException {
    this.onText = onText;
    this.selector = Selector.open();
    this.reader = new Thread(this::read, "bench-reader");
  }

  /** Opens a connection (blocking until upgraded) and returns its index. */
  int open(URI ws, String cookie, String origin) throws IOException {
    SocketChannel channel = SocketChannel.open(new InetSocketAddress(ws.getHost(), ws.getPort()));
    channel.socket().setTcpNoDelay(true);
    String key = Base64.getEncoder().encodeToString(RANDOM.generateSeed(16));
    String request =
        "GET "
            + ws.getRawPath()
            + " HTTP/1.1\r\n"
            + "Host: "
            + ws.getHost()
            + ":"
            + ws.getPort()
            + "\r\n"
            + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: "
            + key
            + "\r\nSec-WebSocket-Version: 13\r\n"
            + "Cookie: "
            + cookie
            + "\r\nOrigin: "
            + origin
            + "\r\n\r\n";
    write(channel, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
    ByteBuffer in = ByteBuffer.allocate(1 << 16);
    String head = "";
    while (!head.contains("\r\n\r\n")) {
      if (channel.read(in) < 0) {
        throw new IOException("closed during the upgrade");
      }
      head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
    }
    if (!head.startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head.lines().findFirst().orElse(""));
    }
    int rest = head.indexOf("\r\n\r\n") + 4;
    in.flip().position(rest).compact(); // frames that came with the response stay
    var connection = new Connection(connections.size(), channel, in);
    connections.add(connection);
    channel.configureBlocking(false);
    return connection.index;
  }

  void start() {
    for (Connection c : connections) {
      try {
        c.channel.register(selector, SelectionKey.OP_READ, c);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    reader.start();
  }

  /** Sends a masked text frame; before {@link #start()} or from one thread at a time. */
  void sendText(int index, String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    var frame = new ByteArrayOutputStream();
    frame.write(0x81);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) {
      frame.write(payload[i] ^ mask[i % 4]);
    }
    SocketChannel channel = connections.get(index).channel;
    synchronized (channel.blockingLock()) {
      write(channel, ByteBuffer.wrap(frame.toByteArray()));
    }
  }

  private static void write(SocketChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      if (channel.write(bytes) == 0) {
        Thread.onSpinWait();
      }
    }
  }

  private void read() {
    try {
      while (running) {
        selector.select(200);
        for (SelectionKey key : selector.selectedKeys()) {
          ((Connection) key.attachment()).readAvailable();
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException e) {
      if (running) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public void close() throws IOException {
    running = false;
    for (Connection c : connections) {
      try {
        sendClose(c);
      } catch (IOException ignored) {
        // the server may have gone first
      }
      c.channel.close();
    }
    selector.wakeup();
    try {
      reader.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    selector.close();
  }

  private static void sendClose(Connection c) throws IOException {
    if (c.channel.isOpen()) {
      byte[] mask = new byte[4];
      RANDOM.nextBytes(mask);
      var frame = ByteBuffer.allocate(8).put((byte) 0x88).put((byte) 0x82).put(mask);
      frame.put((byte) (0x03 ^ mask[0])).put((byte) (0xe8 ^ mask[1])).flip();
      write(c.channel, frame);
    }
  }

  private final class Connection {
    final int index;
    final SocketChannel channel;
    ByteBuffer in;
    final ByteArrayOutputStream message = new ByteArrayOutputStream();

    Connection(int index, SocketChannel channel, ByteBuffer in) {
      this.index = index;
      this.channel = channel;
      this.in = in;
    }

    void readAvailable() throws IOException {
      if (channel.read(in) < 0) {
        channel.close();
        return;
      }
      in.flip();
      while (frame()) {
        // every complete frame is handled
      }
      in.compact();
      if (!in.hasRemaining()) {
        in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
      }
    }

    /** Handles one complete frame at the buffer's position; false if it has not all come yet. */
    private boolean frame() {
      int start = in.position();
      if (in.remaining() < 2) {
        return false;
      }
      int first = in.get() & 0xff;
      long length = in.get() & 0x7f;
      if (length == 126) {
        if (in.remaining() < 2) {
          in.position(start);
          return false;
        }
        length = in.getShort() & 0xffff;
      } else if (length == 127) {
        if (in.remaining() < 8) {
          in.position(start);
          return false;
        }
        length = in.getLong();
      }
      if (in.remaining() < length) {
        in.position(start);
        return false;
      }
      int opcode = first & 0x0f;
      boolean last = (first & 0x80) != 0;
      if (opcode == 0x1 && last) {
        onText.accept(in.array(), in.arrayOffset() + in.position(), (int) length, index);
      } else if (opcode == 0x1 || opcode == 0x0) {
        message.write(in.array(), in.arrayOffset() + in.position(), (int) length);
        if (last) {
          onText.accept(message.toByteArray(), 0, message.size(), index);
          message.reset();
        }
      }
      in.position(in.position() + (int) length);
      return true;
    }
  }
}
